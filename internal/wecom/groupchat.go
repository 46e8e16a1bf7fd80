package wecom

import (
	"context"
	"iter"
)

// GroupChatFilter is the body of externalcontact/groupchat/list without the cursor.
type GroupChatFilter struct {
	StatusFilter int          `json:"status_filter,omitempty"` // 0 all, 1 owner left, 2 inheriting, 3 inherited
	OwnerFilter  *OwnerFilter `json:"owner_filter,omitempty"`
	Limit        int          `json:"limit"` // 1..1000, required by WeCom; 0 sends 100
}

// OwnerFilter restricts group chats to up to 100 owners.
type OwnerFilter struct {
	UserIDList []string `json:"userid_list"`
}

// GroupChatRef is one entry of groupchat/list.
type GroupChatRef struct {
	ChatID string `json:"chat_id"`
	Status int    `json:"status"`
}

// GroupChatPage is one page of groupchat/list.
type GroupChatPage struct {
	GroupChatList []GroupChatRef `json:"group_chat_list"`
	NextCursor    string         `json:"next_cursor"`
}

// GroupChat is a customer group (groupchat/get).
type GroupChat struct {
	ChatID        string        `json:"chat_id"`
	Name          string        `json:"name"`
	Owner         string        `json:"owner"`
	CreateTime    int64         `json:"create_time"`
	Notice        string        `json:"notice,omitempty"`
	MemberList    []GroupMember `json:"member_list"`
	AdminList     []GroupAdmin  `json:"admin_list,omitempty"`
	MemberVersion string        `json:"member_version,omitempty"`
}

// GroupMember is one member of a customer group: Type 1 internal, 2 external.
type GroupMember struct {
	UserID        string      `json:"userid"`
	Type          int         `json:"type"`
	UnionID       string      `json:"unionid,omitempty"`
	JoinTime      int64       `json:"join_time"`
	JoinScene     int         `json:"join_scene"`
	Invitor       *GroupAdmin `json:"invitor,omitempty"`
	GroupNickname string      `json:"group_nickname,omitempty"`
	Name          string      `json:"name,omitempty"`
	State         string      `json:"state,omitempty"` // the 「加入群聊」 channel state the member joined by
}

// GroupAdmin names a member by userid (admin_list, invitor).
type GroupAdmin struct {
	UserID string `json:"userid"`
}

// ListGroupChats returns one page of customer groups (externalcontact/groupchat/list).
func (c *Client) ListGroupChats(ctx context.Context, f GroupChatFilter, cursor string) (*GroupChatPage, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	body := struct {
		GroupChatFilter
		Cursor string `json:"cursor,omitempty"`
	}{f, cursor}
	var resp struct {
		apiStatus
		GroupChatPage
	}
	if err := c.call(ctx, post("externalcontact/groupchat/list", c.ecKind(), body), &resp); err != nil {
		return nil, err
	}
	return &resp.GroupChatPage, nil
}

// GroupChats walks every page of groupchat/list.
func (c *Client) GroupChats(ctx context.Context, f GroupChatFilter) iter.Seq2[GroupChatRef, error] {
	return paginate(func(cursor string) ([]GroupChatRef, string, error) {
		p, err := c.ListGroupChats(ctx, f, cursor)
		if err != nil {
			return nil, "", err
		}
		return p.GroupChatList, p.NextCursor, nil
	})
}

// GetGroupChat returns a customer group with its members (externalcontact/groupchat/get).
func (c *Client) GetGroupChat(ctx context.Context, chatID string, needName bool) (*GroupChat, error) {
	body := struct {
		ChatID   string `json:"chat_id"`
		NeedName int    `json:"need_name,omitempty"`
	}{ChatID: chatID}
	if needName {
		body.NeedName = 1
	}
	var resp struct {
		apiStatus
		GroupChat GroupChat `json:"group_chat"`
	}
	if err := c.call(ctx, post("externalcontact/groupchat/get", c.ecKind(), body), &resp); err != nil {
		return nil, err
	}
	return &resp.GroupChat, nil
}
