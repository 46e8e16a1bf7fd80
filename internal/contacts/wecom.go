package contacts

import (
	"context"
	"fmt"
	"iter"

	"wecomadmin/internal/wecom"
)

// WeCom is the part of one corp's WeCom client this package calls;
// *wecom.Client satisfies it. Errors are the client's: branch on
// wecom.Code(err) or its sentinels.
type WeCom interface {
	ListFollowUsers(ctx context.Context) ([]string, error)
	GetExternalContact(ctx context.Context, externalUserID, cursor string) (*wecom.ExternalContactDetail, error)
	BatchGetByUser(ctx context.Context, userIDs []string, cursor string, limit int) (*wecom.ContactsByUserPage, error)
	ListGroupChats(ctx context.Context, f wecom.GroupChatFilter, cursor string) (*wecom.GroupChatPage, error)
	GetGroupChat(ctx context.Context, chatID string, needName bool) (*wecom.GroupChat, error)
	TransferCustomer(ctx context.Context, t wecom.Transfer) ([]wecom.TransferStarted, error)
	ResignedTransferCustomer(ctx context.Context, t wecom.Transfer) ([]wecom.TransferStarted, error)
	TransferResult(ctx context.Context, handover, takeover, cursor string) (*wecom.TransferResultPage, error)
	ResignedTransferResult(ctx context.Context, handover, takeover, cursor string) (*wecom.TransferResultPage, error)
	TransferGroupChats(ctx context.Context, chatIDs []string, newOwner string) ([]wecom.FailedChat, error)
	OnJobTransferGroupChats(ctx context.Context, chatIDs []string, newOwner string) ([]wecom.FailedChat, error)
	UnassignedCustomers(ctx context.Context, pageSize int) iter.Seq2[wecom.Unassigned, error]
	SendWelcomeMsg(ctx context.Context, m wecom.WelcomeMsg) error
}

// ClientFor finds a corp's WeCom client (configured or added in the UI).
type ClientFor func(ctx context.Context, corpID string) (WeCom, error)

// client is the corp's WeCom client; an error when none is wired.
func (s *Service) client(ctx context.Context, corpID string) (WeCom, error) {
	if s.wecom == nil {
		return nil, fmt.Errorf("contacts: no WeCom client")
	}
	c, err := s.wecom(ctx, corpID)
	if err != nil {
		return nil, fmt.Errorf("contacts: WeCom client of %s: %w", corpID, err)
	}
	return c, nil
}
