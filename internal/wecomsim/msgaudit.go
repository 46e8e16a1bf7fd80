package wecomsim

import "strings"

func (s *Server) auditPermitUsers(c *call) (obj, error) {
	var b struct {
		Type int `json:"type"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if b.Type < 0 || b.Type > 3 {
		return nil, errf(40058, "type must be 1, 2 or 3")
	}
	return obj{"ids": nonNil(s.dir.PermitUsers(b.Type))}, nil
}

type agreeView struct {
	UserID           string `json:"userid,omitempty"`
	ExteranalOpenID  string `json:"exteranalopenid"` // Tencent's own spelling
	AgreeStatus      string `json:"agree_status"`
	StatusChangeTime int64  `json:"status_change_time"`
}

func (s *Server) auditSingleAgree(c *call) (obj, error) {
	var b struct {
		Info []struct {
			UserID          string `json:"userid"`
			ExteranalOpenID string `json:"exteranalopenid"`
		} `json:"info"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if len(b.Info) == 0 {
		return nil, errf(40058, "info is empty")
	}
	out := make([]agreeView, 0, len(b.Info))
	for _, in := range b.Info {
		v := agreeView{UserID: in.UserID, ExteranalOpenID: in.ExteranalOpenID, AgreeStatus: "Default_Agree"}
		if f, ok := s.dir.Follow(in.UserID, in.ExteranalOpenID); ok {
			v.AgreeStatus, v.StatusChangeTime = f.AgreeStatus, f.AgreeTime
		}
		out = append(out, v)
	}
	return obj{"agreeinfo": out}, nil
}

func (s *Server) auditRoomAgree(c *call) (obj, error) {
	var b struct {
		RoomID string `json:"roomid"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	ch, ok := s.dir.GroupChat(b.RoomID)
	if !ok {
		return nil, errf(40050, "chatid not exist")
	}
	out := []agreeView{}
	for _, m := range ch.Members {
		if m.Type != 2 {
			continue
		}
		v := agreeView{ExteranalOpenID: m.UserID, AgreeStatus: "Default_Agree", StatusChangeTime: m.JoinTime}
		// A customer's consent is per customer: take it from any relation.
		for _, f := range s.dir.followsOfContact(m.UserID) {
			v.AgreeStatus, v.StatusChangeTime = f.AgreeStatus, f.AgreeTime
			break
		}
		out = append(out, v)
	}
	return obj{"agreeinfo": out}, nil
}

func (d *Directory) followsOfContact(extID string) []FollowRelation {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []FollowRelation
	for _, f := range d.follows {
		if f.ExternalUserID == extID {
			out = append(out, cloneFollow(*f))
		}
	}
	return out
}

// auditGroupChat answers for internal groups only; customer groups are
// read with externalcontact/groupchat/get.
func (s *Server) auditGroupChat(c *call) (obj, error) {
	var b struct {
		RoomID string `json:"roomid"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	ch, ok := s.dir.GroupChat(b.RoomID)
	if !ok || !ch.Internal {
		return nil, errf(40050, "chatid not exist, hint: [internal groups only]")
	}
	type member struct {
		MemberID string `json:"memberid"`
		JoinTime int64  `json:"jointime"`
	}
	ms := make([]member, 0, len(ch.Members))
	for _, m := range ch.Members {
		ms = append(ms, member{m.UserID, m.JoinTime})
	}
	return obj{"roomname": ch.Name, "creator": ch.Owner, "room_create_time": ch.CreateTime, "notice": ch.Notice, "members": ms}, nil
}

func (s *Server) auditRobotInfo(c *call) (obj, error) {
	id := c.query("robot_id")
	if id == "" {
		return nil, errf(40058, "missing robot_id")
	}
	for _, r := range s.dir.Robots() {
		if strings.EqualFold(r.RobotID, id) {
			return obj{"data": r}, nil
		}
	}
	return nil, errf(40058, "invalid robot_id")
}
