package wecom

import (
	"context"
	"fmt"
	"iter"
)

// maxTransfer bounds external_userid of a transfer and chat_id_list of a group transfer.
const maxTransfer = 100

// Transfer is the body of transfer_customer and resigned/transfer_customer.
// TransferSuccessMsg is for on-job transfers only.
type Transfer struct {
	HandoverUserID     string   `json:"handover_userid"`
	TakeoverUserID     string   `json:"takeover_userid"`
	ExternalUserID     []string `json:"external_userid"`
	TransferSuccessMsg string   `json:"transfer_success_msg,omitempty"`
}

// TransferStarted is one customer's answer to a transfer: ErrCode 0 means
// the transfer started (it completes within 24 h unless refused).
type TransferStarted struct {
	ExternalUserID string `json:"external_userid"`
	ErrCode        int    `json:"errcode"`
}

// TransferStatus is one customer of transfer_result: Status 1 done,
// 2 waiting, 3 refused, 4 taker's quota full, 5 no record.
type TransferStatus struct {
	ExternalUserID string `json:"external_userid"`
	Status         int    `json:"status"`
	TakeoverTime   int64  `json:"takeover_time"`
}

// TransferResultPage is one page of transfer_result.
type TransferResultPage struct {
	Customer   []TransferStatus `json:"customer"`
	NextCursor string           `json:"next_cursor"`
}

// FailedChat is a group a group transfer could not move.
type FailedChat struct {
	ChatID  string `json:"chat_id"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// Unassigned is one customer of a resigned member awaiting a new owner.
type Unassigned struct {
	HandoverUserID string `json:"handover_userid"`
	ExternalUserID string `json:"external_userid"`
	DimissionTime  int64  `json:"dimission_time"`
}

// UnassignedPage is one page of get_unassigned_list.
type UnassignedPage struct {
	Info       []Unassigned `json:"info"`
	IsLast     bool         `json:"is_last"`
	NextCursor string       `json:"next_cursor"`
}

// TransferCustomer hands customers of an employed member to another
// (externalcontact/transfer_customer, 在职继承).
func (c *Client) TransferCustomer(ctx context.Context, t Transfer) ([]TransferStarted, error) {
	return c.transfer(ctx, "externalcontact/transfer_customer", t)
}

// ResignedTransferCustomer hands customers of a resigned member to another
// (externalcontact/resigned/transfer_customer, 离职继承).
func (c *Client) ResignedTransferCustomer(ctx context.Context, t Transfer) ([]TransferStarted, error) {
	t.TransferSuccessMsg = ""
	return c.transfer(ctx, "externalcontact/resigned/transfer_customer", t)
}

func (c *Client) transfer(ctx context.Context, endpoint string, t Transfer) ([]TransferStarted, error) {
	if len(t.ExternalUserID) == 0 || len(t.ExternalUserID) > maxTransfer {
		return nil, fmt.Errorf("%w: %s takes 1 to %d customers, got %d", ErrInvalidArgument, endpoint, maxTransfer, len(t.ExternalUserID))
	}
	var resp struct {
		apiStatus
		Customer []TransferStarted `json:"customer"`
	}
	if err := c.call(ctx, post(endpoint, c.ecKind(), t), &resp); err != nil {
		return nil, err
	}
	return resp.Customer, nil
}

// TransferResult returns one page of an on-job transfer's outcome
// (externalcontact/transfer_result).
func (c *Client) TransferResult(ctx context.Context, handover, takeover, cursor string) (*TransferResultPage, error) {
	return c.transferResult(ctx, "externalcontact/transfer_result", handover, takeover, cursor)
}

// ResignedTransferResult returns one page of a resigned transfer's outcome
// (externalcontact/resigned/transfer_result).
func (c *Client) ResignedTransferResult(ctx context.Context, handover, takeover, cursor string) (*TransferResultPage, error) {
	return c.transferResult(ctx, "externalcontact/resigned/transfer_result", handover, takeover, cursor)
}

func (c *Client) transferResult(ctx context.Context, endpoint, handover, takeover, cursor string) (*TransferResultPage, error) {
	body := struct {
		HandoverUserID string `json:"handover_userid"`
		TakeoverUserID string `json:"takeover_userid"`
		Cursor         string `json:"cursor,omitempty"`
	}{handover, takeover, cursor}
	var resp struct {
		apiStatus
		TransferResultPage
	}
	if err := c.call(ctx, post(endpoint, c.ecKind(), body), &resp); err != nil {
		return nil, err
	}
	return &resp.TransferResultPage, nil
}

// TransferResults walks every page of an on-job (resigned false) or
// resigned transfer's outcome.
func (c *Client) TransferResults(ctx context.Context, resigned bool, handover, takeover string) iter.Seq2[TransferStatus, error] {
	fetch := c.TransferResult
	if resigned {
		fetch = c.ResignedTransferResult
	}
	return paginate(func(cursor string) ([]TransferStatus, string, error) {
		p, err := fetch(ctx, handover, takeover, cursor)
		if err != nil {
			return nil, "", err
		}
		return p.Customer, p.NextCursor, nil
	})
}

// TransferGroupChats gives resigned owners' customer groups a new owner
// (externalcontact/groupchat/transfer).
func (c *Client) TransferGroupChats(ctx context.Context, chatIDs []string, newOwner string) ([]FailedChat, error) {
	return c.groupTransfer(ctx, "externalcontact/groupchat/transfer", chatIDs, newOwner)
}

// OnJobTransferGroupChats gives employed owners' customer groups a new
// owner (externalcontact/groupchat/onjob_transfer).
func (c *Client) OnJobTransferGroupChats(ctx context.Context, chatIDs []string, newOwner string) ([]FailedChat, error) {
	return c.groupTransfer(ctx, "externalcontact/groupchat/onjob_transfer", chatIDs, newOwner)
}

func (c *Client) groupTransfer(ctx context.Context, endpoint string, chatIDs []string, newOwner string) ([]FailedChat, error) {
	if len(chatIDs) == 0 || len(chatIDs) > maxTransfer {
		return nil, fmt.Errorf("%w: %s takes 1 to %d chats, got %d", ErrInvalidArgument, endpoint, maxTransfer, len(chatIDs))
	}
	body := struct {
		ChatIDList []string `json:"chat_id_list"`
		NewOwner   string   `json:"new_owner"`
	}{chatIDs, newOwner}
	var resp struct {
		apiStatus
		FailedChatList []FailedChat `json:"failed_chat_list"`
	}
	if err := c.call(ctx, post(endpoint, c.ecKind(), body), &resp); err != nil {
		return nil, err
	}
	return resp.FailedChatList, nil
}

// GetUnassignedList returns one page of resigned members' customers
// awaiting a new owner (externalcontact/get_unassigned_list); pageSize ≤1000.
func (c *Client) GetUnassignedList(ctx context.Context, cursor string, pageSize int) (*UnassignedPage, error) {
	body := struct {
		Cursor   string `json:"cursor,omitempty"`
		PageSize int    `json:"page_size,omitempty"`
	}{cursor, pageSize}
	var resp struct {
		apiStatus
		UnassignedPage
	}
	if err := c.call(ctx, post("externalcontact/get_unassigned_list", c.ecKind(), body), &resp); err != nil {
		return nil, err
	}
	return &resp.UnassignedPage, nil
}

// UnassignedCustomers walks every page of get_unassigned_list.
func (c *Client) UnassignedCustomers(ctx context.Context, pageSize int) iter.Seq2[Unassigned, error] {
	return paginate(func(cursor string) ([]Unassigned, string, error) {
		p, err := c.GetUnassignedList(ctx, cursor, pageSize)
		if err != nil {
			return nil, "", err
		}
		next := p.NextCursor
		if p.IsLast {
			next = ""
		}
		return p.Info, next, nil
	})
}
