package app

import (
	"context"
	"net/url"
	"strings"

	"wecomadmin/internal/contacts"
	"wecomadmin/internal/wecom"
)

// contactsWeCom adapts the qyapi client to the contacts feature's port.
// contacts keeps its request/response types in WeCom's own JSON field names,
// so each call is the endpoint plus those types, through the client's
// retries, token refresh, rate limit and typed errors (which carry ErrCode).
type contactsWeCom struct{ pool *wecom.Pool }

// client finds a corp's client, configured or added in the UI.
func (w contactsWeCom) client(ctx context.Context, corpID string) (*wecom.Client, error) {
	return w.pool.ClientFor(ctx, corpID)
}

func (w contactsWeCom) post(ctx context.Context, corpID, endpoint string, body, out any) error {
	c, err := w.client(ctx, corpID)
	if err != nil {
		return err
	}
	return c.PostJSON(ctx, wecom.CustomerContact, endpoint, body, out)
}

func (w contactsWeCom) get(ctx context.Context, corpID, endpoint string, q url.Values, out any) error {
	c, err := w.client(ctx, corpID)
	if err != nil {
		return err
	}
	return c.GetJSON(ctx, wecom.CustomerContact, endpoint, q, out)
}

func (w contactsWeCom) FollowUserList(ctx context.Context, corpID string) ([]string, error) {
	var out struct {
		FollowUser []string `json:"follow_user"`
	}
	err := w.get(ctx, corpID, "externalcontact/get_follow_user_list", nil, &out)
	return out.FollowUser, err
}

func (w contactsWeCom) ListExternalContacts(ctx context.Context, corpID, userID string) ([]string, error) {
	var out struct {
		ExternalUserID []string `json:"external_userid"`
	}
	err := w.get(ctx, corpID, "externalcontact/list", url.Values{"userid": {userID}}, &out)
	return out.ExternalUserID, err
}

func (w contactsWeCom) GetExternalContact(ctx context.Context, corpID, externalUserID, cursor string) (contacts.ContactDetail, error) {
	var out contacts.ContactDetail
	q := url.Values{"external_userid": {externalUserID}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	err := w.get(ctx, corpID, "externalcontact/get", q, &out)
	return out, err
}

func (w contactsWeCom) BatchGetByUser(ctx context.Context, corpID string, req contacts.BatchGetByUserRequest) (contacts.BatchGetByUserResponse, error) {
	var out contacts.BatchGetByUserResponse
	err := w.post(ctx, corpID, "externalcontact/batch/get_by_user", req, &out)
	return out, err
}

func (w contactsWeCom) GroupChatList(ctx context.Context, corpID string, req contacts.GroupChatListRequest) (contacts.GroupChatListResponse, error) {
	var out contacts.GroupChatListResponse
	err := w.post(ctx, corpID, "externalcontact/groupchat/list", req, &out)
	return out, err
}

func (w contactsWeCom) GroupChatGet(ctx context.Context, corpID, chatID string, needName bool) (contacts.GroupChatInfo, error) {
	var out struct {
		GroupChat contacts.GroupChatInfo `json:"group_chat"`
	}
	need := 0
	if needName {
		need = 1
	}
	err := w.post(ctx, corpID, "externalcontact/groupchat/get", map[string]any{"chat_id": chatID, "need_name": need}, &out)
	return out.GroupChat, err
}

func (w contactsWeCom) TransferCustomer(ctx context.Context, corpID string, req contacts.TransferCustomerRequest) (contacts.TransferCustomerResponse, error) {
	var out contacts.TransferCustomerResponse
	err := w.post(ctx, corpID, "externalcontact/transfer_customer", req, &out)
	return out, err
}

func (w contactsWeCom) TransferResult(ctx context.Context, corpID string, req contacts.TransferResultRequest) (contacts.TransferResultResponse, error) {
	var out contacts.TransferResultResponse
	err := w.post(ctx, corpID, "externalcontact/transfer_result", req, &out)
	return out, err
}

func (w contactsWeCom) ResignedTransferCustomer(ctx context.Context, corpID string, req contacts.TransferCustomerRequest) (contacts.TransferCustomerResponse, error) {
	var out contacts.TransferCustomerResponse
	err := w.post(ctx, corpID, "externalcontact/resigned/transfer_customer", req, &out)
	return out, err
}

func (w contactsWeCom) ResignedTransferResult(ctx context.Context, corpID string, req contacts.TransferResultRequest) (contacts.TransferResultResponse, error) {
	var out contacts.TransferResultResponse
	err := w.post(ctx, corpID, "externalcontact/resigned/transfer_result", req, &out)
	return out, err
}

func (w contactsWeCom) GroupChatTransfer(ctx context.Context, corpID string, req contacts.GroupChatTransferRequest) (contacts.GroupChatTransferResponse, error) {
	var out contacts.GroupChatTransferResponse
	err := w.post(ctx, corpID, "externalcontact/groupchat/transfer", req, &out)
	return out, err
}

func (w contactsWeCom) GroupChatOnJobTransfer(ctx context.Context, corpID string, req contacts.GroupChatTransferRequest) (contacts.GroupChatTransferResponse, error) {
	var out contacts.GroupChatTransferResponse
	err := w.post(ctx, corpID, "externalcontact/groupchat/onjob_transfer", req, &out)
	return out, err
}

func (w contactsWeCom) SendWelcomeMsg(ctx context.Context, corpID string, msg contacts.WelcomeMsg) error {
	return w.post(ctx, corpID, "externalcontact/send_welcome_msg", msg, nil)
}

// UnassignedCustomers lists the customers get_unassigned_list gives for one
// resigned member: what 离职继承 can take from it.
func (w contactsWeCom) UnassignedCustomers(ctx context.Context, corpID, handoverUserID string) ([]string, error) {
	c, err := w.client(ctx, corpID)
	if err != nil {
		return nil, err
	}
	var out []string
	for u, err := range c.UnassignedCustomers(ctx, 1000) {
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(u.HandoverUserID, handoverUserID) {
			out = append(out, u.ExternalUserID)
		}
	}
	return out, nil
}
