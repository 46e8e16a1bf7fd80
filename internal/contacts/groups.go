package contacts

import (
	"context"
	"errors"
	"fmt"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecom/callback"
)

// applyChatChange keeps a customer group current: a dismissal marks it,
// anything else re-reads the group (the event carries only ids).
func (s *Service) applyChatChange(ctx context.Context, corpID string, e *callback.ExternalChatChange) error {
	if e.ChangeType == "dismiss" {
		return s.st.DismissGroupChat(ctx, corpID, e.ChatID)
	}
	return s.refreshGroup(ctx, corpID, e.ChatID, 0)
}

func (s *Service) refreshGroup(ctx context.Context, corpID, chatID string, status int) error {
	if s.wecom == nil {
		return nil
	}
	api, err := s.client(ctx, corpID)
	if err != nil {
		return err
	}
	g, err := api.GetGroupChat(ctx, chatID, true)
	if err != nil {
		if wecom.Code(err) == wecom.CodeNotCustomerGroup {
			return nil
		}
		return fmt.Errorf("contacts: groupchat get %s: %w", chatID, err)
	}
	row := store.GroupChat{CorpID: corpID, ChatID: g.ChatID, Name: g.Name, Owner: g.Owner, Notice: g.Notice, Status: status,
		MemberVersion: g.MemberVersion, CreatedTime: g.CreateTime * 1000}
	ms := make([]store.GroupChatMember, 0, len(g.MemberList))
	for _, m := range g.MemberList {
		union, invitor := m.UnionID, ""
		if m.Type != 2 {
			union = ""
		}
		if m.Invitor != nil {
			invitor = m.Invitor.UserID
		}
		ms = append(ms, store.GroupChatMember{MemberID: m.UserID, MemberType: m.Type, Unionid: union, JoinTime: m.JoinTime * 1000,
			JoinScene: m.JoinScene, Invitor: invitor})
	}
	return s.st.SaveGroupChat(ctx, row, ms)
}

// SyncGroups lists every customer group of the corp (groupchat/list with
// cursors, at most 1000 a page) and re-reads each one.
func (s *Service) SyncGroups(ctx context.Context, corpID string) (int, error) {
	api, err := s.client(ctx, corpID)
	if err != nil {
		return 0, err
	}
	n, cursor, walk := 0, "", cursorWalk{}
	for {
		page, err := api.ListGroupChats(ctx, wecom.GroupChatFilter{Limit: 1000}, cursor)
		if err != nil {
			return n, fmt.Errorf("contacts: groupchat list: %w", err)
		}
		for _, g := range page.GroupChatList {
			if err := s.refreshGroup(ctx, corpID, g.ChatID, g.Status); err != nil {
				return n, err
			}
			n++
		}
		if page.NextCursor == "" {
			return n, nil
		}
		if err := walk.advance("groupchat/list", page.NextCursor); err != nil {
			return n, err
		}
		cursor = page.NextCursor
	}
}

// Groups lists stored customer groups.
func (s *Service) Groups(ctx context.Context, corpID, owner, after string, limit int) ([]store.GroupChat, error) {
	gs, err := s.st.ListGroupChats(ctx, corpID, owner, after, limit)
	if err != nil {
		return nil, err
	}
	return keepInScope(ctx, s, auth.ContactsRead, corpID, gs, groupCorp, groupOwner)
}

func groupCorp(g store.GroupChat) string  { return g.CorpID }
func groupOwner(g store.GroupChat) string { return g.Owner }

// Group returns a group with its members.
func (s *Service) Group(ctx context.Context, corpID, chatID string) (store.GroupChat, []store.GroupChatMember, error) {
	g, ms, err := s.st.GetGroupChat(ctx, corpID, chatID)
	if err != nil {
		return g, ms, err
	}
	if kept, err := keepInScope(ctx, s, auth.ContactsRead, corpID, []store.GroupChat{g}, groupCorp, groupOwner); err != nil || len(kept) == 0 {
		return store.GroupChat{}, nil, errors.Join(fmt.Errorf("contacts: group %s: %w", chatID, store.ErrNotFound), err)
	}
	return g, ms, nil
}
