package wecomsim

import (
	"slices"
	"strings"
)

// CreateGroupChat adds a group chat as if created in the WeCom app
// (change_external_chat create, for customer groups). ChatID is generated
// when empty; the owner must be a member of the directory.
func (d *Directory) CreateGroupChat(c GroupChat) (GroupChat, error) {
	d.mu.Lock()
	if d.userIdx[strings.ToLower(c.Owner)] == nil {
		d.mu.Unlock()
		return GroupChat{}, errf(60111, "userid not found, hint: [owner]")
	}
	now := d.now()
	if c.ChatID == "" {
		c.ChatID = "wr" + shortHash(d.corpID+c.Owner+c.Name+now.String()+itoa(len(d.chats)), 30)
	}
	if d.chatIdx[c.ChatID] != nil {
		d.mu.Unlock()
		return GroupChat{}, errf(40058, "chat_id exists")
	}
	if c.CreateTime == 0 {
		c.CreateTime = now.Unix()
	}
	if !slices.ContainsFunc(c.Members, func(m GroupMember) bool { return strings.EqualFold(m.UserID, c.Owner) }) {
		c.Members = append([]GroupMember{{UserID: c.Owner, Type: 1, JoinTime: c.CreateTime, JoinScene: 1}}, c.Members...)
	}
	c.MemberVersion = shortHash(c.ChatID+now.String(), 32)
	cp := cloneChat(c)
	d.chats = append(d.chats, &cp)
	d.chatIdx[c.ChatID] = &cp
	d.mu.Unlock()
	if !c.Internal {
		d.emit(Change{Event: "change_external_chat", ChangeType: "create", Origin: OriginSim, Time: now, ChatID: c.ChatID})
	}
	return cloneChat(c), nil
}

// AddChatMembers adds members (change_external_chat update add_member).
func (d *Directory) AddChatMembers(chatID string, ms ...GroupMember) error {
	return d.changeChat(chatID, "add_member", func(c *GroupChat) {
		for _, m := range ms {
			if m.JoinTime == 0 {
				m.JoinTime = d.now().Unix()
			}
			if !slices.ContainsFunc(c.Members, func(x GroupMember) bool { return x.UserID == m.UserID }) {
				c.Members = append(c.Members, m)
			}
		}
	})
}

// RemoveChatMembers removes members by id (update del_member).
func (d *Directory) RemoveChatMembers(chatID string, ids ...string) error {
	return d.changeChat(chatID, "del_member", func(c *GroupChat) {
		c.Members = slices.DeleteFunc(c.Members, func(m GroupMember) bool { return slices.Contains(ids, m.UserID) })
	})
}

// DismissGroupChat dismisses a group (change_external_chat dismiss); the
// APIs then answer 40050 for it.
func (d *Directory) DismissGroupChat(chatID string) error {
	return d.changeChat(chatID, "", func(c *GroupChat) { c.Dismissed = true })
}

func (d *Directory) changeChat(chatID, detail string, fn func(*GroupChat)) error {
	d.mu.Lock()
	c := d.chatIdx[chatID]
	if c == nil || c.Dismissed {
		d.mu.Unlock()
		return errf(40050, "chatid not exist")
	}
	fn(c)
	c.MemberVersion = shortHash(c.ChatID+d.now().String()+itoa(len(c.Members)), 32)
	internal := c.Internal
	ch := Change{Event: "change_external_chat", ChangeType: "update", UpdateDetail: detail, Origin: OriginSim, Time: d.now(), ChatID: chatID}
	if detail == "" {
		ch.ChangeType = "dismiss"
	}
	d.mu.Unlock()
	if !internal {
		d.emit(ch)
	}
	return nil
}
