package wecomsim

import (
	"slices"
	"strings"
)

func (s *Server) chatList(c *call) (obj, error) {
	var b struct {
		StatusFilter int `json:"status_filter"`
		OwnerFilter  struct {
			UserIDList []string `json:"userid_list"`
		} `json:"owner_filter"`
		Cursor string `json:"cursor"`
		Limit  int    `json:"limit"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	switch {
	case b.Limit < 1 || b.Limit > 1000:
		return nil, errf(40058, "limit must be 1..1000")
	case b.StatusFilter < 0 || b.StatusFilter > 3:
		return nil, errf(40058, "status_filter must be 0..3")
	case len(b.OwnerFilter.UserIDList) > 100:
		return nil, errf(40058, "owner_filter.userid_list exceeds 100")
	}
	start, err := decodeCursor(b.Cursor)
	if err != nil {
		return nil, err
	}
	type row struct {
		ChatID string `json:"chat_id"`
		Status int    `json:"status"`
	}
	var rows []row
	for _, ch := range s.dir.GroupChats() {
		if ch.Internal || ch.Dismissed {
			continue
		}
		if b.StatusFilter != 0 && ch.Status != b.StatusFilter {
			continue
		}
		if len(b.OwnerFilter.UserIDList) > 0 && !slices.ContainsFunc(b.OwnerFilter.UserIDList, func(u string) bool { return strings.EqualFold(u, ch.Owner) }) {
			continue
		}
		rows = append(rows, row{ch.ChatID, ch.Status})
	}
	start = min(start, len(rows))
	end := min(start+b.Limit, len(rows))
	next := ""
	if end < len(rows) {
		next = encodeCursor(end)
	}
	return obj{"group_chat_list": nonNil(rows[start:end]), "next_cursor": next}, nil
}

func (s *Server) chatGet(c *call) (obj, error) {
	var b struct {
		ChatID   string `json:"chat_id"`
		NeedName int    `json:"need_name"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	ch, ok := s.dir.GroupChat(b.ChatID)
	if !ok || ch.Dismissed {
		return nil, errf(40050, "chatid not exist")
	}
	if ch.Internal {
		return nil, errf(90501, "not customer group chat")
	}
	type invitor struct {
		UserID string `json:"userid"`
	}
	type member struct {
		UserID        string   `json:"userid"`
		Type          int      `json:"type"`
		UnionID       string   `json:"unionid,omitempty"`
		JoinTime      int64    `json:"join_time"`
		JoinScene     int      `json:"join_scene"`
		Invitor       *invitor `json:"invitor,omitempty"`
		GroupNickname string   `json:"group_nickname"`
		Name          string   `json:"name,omitempty"`
	}
	ms := make([]member, 0, len(ch.Members))
	for _, m := range ch.Members {
		v := member{UserID: m.UserID, Type: m.Type, UnionID: m.UnionID, JoinTime: m.JoinTime, JoinScene: m.JoinScene, GroupNickname: m.GroupNickname}
		if m.Invitor != "" {
			v.Invitor = &invitor{m.Invitor}
		}
		if b.NeedName == 1 {
			v.Name = m.Name
		}
		ms = append(ms, v)
	}
	admins := make([]invitor, 0, len(ch.Admins))
	for _, a := range ch.Admins {
		admins = append(admins, invitor{a})
	}
	return obj{"group_chat": obj{
		"chat_id": ch.ChatID, "name": ch.Name, "owner": ch.Owner, "create_time": ch.CreateTime, "notice": ch.Notice,
		"member_list": ms, "admin_list": admins, "member_version": ch.MemberVersion,
	}}, nil
}

type chatTransferBody struct {
	ChatIDList []string `json:"chat_id_list"`
	NewOwner   string   `json:"new_owner"`
}

func (s *Server) chatTransferResigned(c *call) (obj, error) { return s.chatTransfer(c, true) }
func (s *Server) chatTransferOnJob(c *call) (obj, error)    { return s.chatTransfer(c, false) }

// chatTransfer moves group ownership at once; per-group failures are listed.
func (s *Server) chatTransfer(c *call, resigned bool) (obj, error) {
	var b chatTransferBody
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	switch {
	case len(b.ChatIDList) == 0 || len(b.ChatIDList) > 100:
		return nil, errf(40058, "chat_id_list must hold 1..100 ids")
	case b.NewOwner == "":
		return nil, errf(41009, "missing new_owner")
	}
	nu, ok := s.dir.User(b.NewOwner)
	switch {
	case !ok:
		return nil, errf(60111, "userid not found, hint: [new_owner]")
	case nu.Status != StatusActive:
		return nil, errf(41054, "new_owner not activated")
	case !nu.RealNameVerified:
		return nil, errf(40098, "new_owner not real-name verified")
	}
	type failed struct {
		ChatID  string `json:"chat_id"`
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	fails := []failed{}
	for _, id := range b.ChatIDList {
		if err := s.chatTransferOne(id, nu.UserID, resigned); err != nil {
			fails = append(fails, failed{id, Code(err), err.(*Error).Msg})
		}
	}
	return obj{"failed_chat_list": fails}, nil
}

func (s *Server) chatTransferOne(id, newOwner string, resigned bool) error {
	d := s.dir
	d.mu.Lock()
	ch := d.chatIdx[id]
	var err error
	switch {
	case ch == nil || ch.Dismissed:
		err = errf(40050, "chatid not exist")
	case ch.Internal:
		err = errf(90501, "not customer group chat")
	case strings.EqualFold(ch.Owner, newOwner):
		err = errf(90504, "owner unchanged")
	case resigned && ch.Status == ChatInherited:
		err = errf(90508, "group already inherited")
	case resigned:
		if _, gone := d.resignedLocked(ch.Owner); !gone {
			err = errf(90500, "group owner not resigned")
		}
	default:
		if _, gone := d.resignedLocked(ch.Owner); gone {
			err = errf(90502, "group owner resigned, use groupchat/transfer")
		} else if o := d.userIdx[strings.ToLower(ch.Owner)]; o != nil && o.Status != StatusActive {
			// as for customers: a disabled owner can no longer hand over
			err = errf(41054, "group owner not active")
		}
	}
	d.mu.Unlock()
	if err != nil {
		return err
	}
	status := statusAfterTransfer(resigned)
	return d.setChatOwner(id, newOwner, status, OriginAPI)
}

// statusAfterTransfer gives a group's status after a transfer: resigned-owner
// groups become "inherited" (3), on-job transfers leave it normal (0).
func statusAfterTransfer(resigned bool) int {
	if resigned {
		return ChatInherited
	}
	return ChatStatusNormal
}
