package contacts

import (
	"context"
	"encoding/json"
	"errors"
)

// API is the part of the WeCom HTTP client this package calls. The
// request and response types use WeCom's documented JSON field names so the
// client (internal/wecom) can satisfy it with thin adapters. Every method
// takes the corp id; errors carrying a WeCom errcode implement ErrCoder.
type API interface {
	FollowUserList(ctx context.Context, corpID string) ([]string, error)
	ListExternalContacts(ctx context.Context, corpID, userID string) ([]string, error)
	GetExternalContact(ctx context.Context, corpID, externalUserID, cursor string) (ContactDetail, error)
	BatchGetByUser(ctx context.Context, corpID string, req BatchGetByUserRequest) (BatchGetByUserResponse, error)
	GroupChatList(ctx context.Context, corpID string, req GroupChatListRequest) (GroupChatListResponse, error)
	GroupChatGet(ctx context.Context, corpID, chatID string, needName bool) (GroupChatInfo, error)
	TransferCustomer(ctx context.Context, corpID string, req TransferCustomerRequest) (TransferCustomerResponse, error)
	TransferResult(ctx context.Context, corpID string, req TransferResultRequest) (TransferResultResponse, error)
	ResignedTransferCustomer(ctx context.Context, corpID string, req TransferCustomerRequest) (TransferCustomerResponse, error)
	ResignedTransferResult(ctx context.Context, corpID string, req TransferResultRequest) (TransferResultResponse, error)
	GroupChatTransfer(ctx context.Context, corpID string, req GroupChatTransferRequest) (GroupChatTransferResponse, error)
	GroupChatOnJobTransfer(ctx context.Context, corpID string, req GroupChatTransferRequest) (GroupChatTransferResponse, error)
	SendWelcomeMsg(ctx context.Context, corpID string, msg WelcomeMsg) error
}

// ErrCoder is implemented by errors that carry a WeCom errcode.
type ErrCoder interface{ ErrCode() int }

// ErrCode returns the WeCom errcode inside err, or 0.
func ErrCode(err error) int {
	var c ErrCoder
	if errors.As(err, &c) {
		return c.ErrCode()
	}
	return 0
}

// APIError is a WeCom errcode error; fakes and adapters may use it.
type APIError struct {
	Code int
	Msg  string
}

func (e *APIError) Error() string { return "wecom: errcode " + itoa(e.Code) + " " + e.Msg }

// ErrCode implements ErrCoder.
func (e *APIError) ErrCode() int { return e.Code }

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// WeCom errcodes this package acts on.
const (
	CodeNotExternalContact = 84061
	CodeWelcomeExpired     = 41050
	CodeAlreadyChatting    = 41051
	CodeArchiveNoConsent   = 41053
	CodeWelcomeSending     = 41096
	CodeQuotaFull          = 40099
	CodeInTransfer         = 40100
	CodeTransferTooOften   = 40128
	CodeTransferInProgress = 40129
	CodeGroupInheriting    = 90507
	CodeFrequencyLimit     = 45009
	CodeSystemBusy         = -1
)

// ExternalContactInfo is the external_contact object.
type ExternalContactInfo struct {
	ExternalUserID string `json:"external_userid"`
	Name           string `json:"name"`
	Position       string `json:"position,omitempty"`
	Avatar         string `json:"avatar,omitempty"`
	CorpName       string `json:"corp_name,omitempty"`
	CorpFullName   string `json:"corp_full_name,omitempty"`
	Type           int    `json:"type"`
	Gender         int    `json:"gender"`
	Unionid        string `json:"unionid,omitempty"`
}

// FollowInfo is a follow_user (get) or follow_info (batch) object.
type FollowInfo struct {
	UserID      string `json:"userid"`
	Remark      string `json:"remark"`
	Description string `json:"description"`
	CreateTime  int64  `json:"createtime"`
	AddWay      int    `json:"add_way"`
	OperUserID  string `json:"oper_userid"`
	State       string `json:"state,omitempty"`
}

// ContactDetail is externalcontact/get's answer.
type ContactDetail struct {
	ExternalContact ExternalContactInfo `json:"external_contact"`
	FollowUser      []FollowInfo        `json:"follow_user"`
	NextCursor      string              `json:"next_cursor,omitempty"`
}

// BatchGetByUserRequest is externalcontact/batch/get_by_user's body.
type BatchGetByUserRequest struct {
	UserIDList []string `json:"userid_list"`
	Cursor     string   `json:"cursor"`
	Limit      int      `json:"limit"`
}

// BatchContact is one entry of external_contact_list.
type BatchContact struct {
	ExternalContact ExternalContactInfo `json:"external_contact"`
	FollowInfo      FollowInfo          `json:"follow_info"`
}

// BatchGetByUserResponse is batch/get_by_user's answer.
type BatchGetByUserResponse struct {
	ExternalContactList []BatchContact `json:"external_contact_list"`
	NextCursor          string         `json:"next_cursor"`
}

// OwnerFilter limits groupchat/list to owners.
type OwnerFilter struct {
	UserIDList []string `json:"userid_list"`
}

// GroupChatListRequest is groupchat/list's body.
type GroupChatListRequest struct {
	StatusFilter int          `json:"status_filter"`
	OwnerFilter  *OwnerFilter `json:"owner_filter,omitempty"`
	Cursor       string       `json:"cursor"`
	Limit        int          `json:"limit"`
}

// GroupChatRef is one entry of group_chat_list.
type GroupChatRef struct {
	ChatID string `json:"chat_id"`
	Status int    `json:"status"`
}

// GroupChatListResponse is groupchat/list's answer.
type GroupChatListResponse struct {
	GroupChatList []GroupChatRef `json:"group_chat_list"`
	NextCursor    string         `json:"next_cursor"`
}

// UserRef is {"userid": ...}.
type UserRef struct {
	UserID string `json:"userid"`
}

// GroupMember is one member_list item.
type GroupMember struct {
	UserID        string  `json:"userid"`
	Type          int     `json:"type"`
	Unionid       string  `json:"unionid,omitempty"`
	JoinTime      int64   `json:"join_time"`
	JoinScene     int     `json:"join_scene"`
	Invitor       UserRef `json:"invitor"`
	GroupNickname string  `json:"group_nickname,omitempty"`
	Name          string  `json:"name,omitempty"`
}

// GroupChatInfo is groupchat/get's group_chat.
type GroupChatInfo struct {
	ChatID        string        `json:"chat_id"`
	Name          string        `json:"name"`
	Owner         string        `json:"owner"`
	CreateTime    int64         `json:"create_time"`
	Notice        string        `json:"notice"`
	MemberList    []GroupMember `json:"member_list"`
	AdminList     []UserRef     `json:"admin_list"`
	MemberVersion string        `json:"member_version"`
}

// TransferCustomerRequest is the body of transfer_customer (on-job and resigned).
type TransferCustomerRequest struct {
	HandoverUserID     string   `json:"handover_userid"`
	TakeoverUserID     string   `json:"takeover_userid"`
	ExternalUserID     []string `json:"external_userid"`
	TransferSuccessMsg string   `json:"transfer_success_msg,omitempty"`
}

// CustomerErr is one customer's immediate answer to a transfer call.
type CustomerErr struct {
	ExternalUserID string `json:"external_userid"`
	ErrCode        int    `json:"errcode"`
}

// TransferCustomerResponse is transfer_customer's answer.
type TransferCustomerResponse struct {
	Customer []CustomerErr `json:"customer"`
}

// TransferResultRequest is the body of transfer_result.
type TransferResultRequest struct {
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
	Cursor         string `json:"cursor"`
}

// CustomerResult is one customer's transfer status.
type CustomerResult struct {
	ExternalUserID string `json:"external_userid"`
	Status         int    `json:"status"` // 1 done, 2 waiting, 3 refused, 4 quota full, 5 no record
	TakeoverTime   int64  `json:"takeover_time"`
}

// TransferResultResponse is transfer_result's answer.
type TransferResultResponse struct {
	Customer   []CustomerResult `json:"customer"`
	NextCursor string           `json:"next_cursor"`
}

// GroupChatTransferRequest is the body of groupchat/transfer and onjob_transfer.
type GroupChatTransferRequest struct {
	ChatIDList []string `json:"chat_id_list"`
	NewOwner   string   `json:"new_owner"`
}

// FailedChat is one group a group transfer refused.
type FailedChat struct {
	ChatID  string `json:"chat_id"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// GroupChatTransferResponse is the group transfer answer.
type GroupChatTransferResponse struct {
	FailedChatList []FailedChat `json:"failed_chat_list"`
}

// WelcomeText is the text part of a welcome message.
type WelcomeText struct {
	Content string `json:"content"`
}

// WelcomeMsg is send_welcome_msg's body.
type WelcomeMsg struct {
	WelcomeCode string            `json:"welcome_code"`
	Text        *WelcomeText      `json:"text,omitempty"`
	Attachments []json.RawMessage `json:"attachments,omitempty"`
}
