package wecomsim

import (
	"slices"
	"strings"
	"unicode/utf8"
)

type tagView struct {
	GroupName string `json:"group_name"`
	TagName   string `json:"tag_name"`
	TagID     string `json:"tag_id"`
	Type      int    `json:"type"`
}

type followUserView struct {
	UserID         string    `json:"userid"`
	Remark         string    `json:"remark"`
	Description    string    `json:"description"`
	CreateTime     int64     `json:"createtime"`
	Tags           []tagView `json:"tags"`
	RemarkCorpName string    `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string  `json:"remark_mobiles"`
	OperUserID     string    `json:"oper_userid"`
	AddWay         int       `json:"add_way"`
	State          string    `json:"state,omitempty"`
}

type followInfoView struct {
	UserID         string   `json:"userid"`
	Remark         string   `json:"remark"`
	Description    string   `json:"description"`
	CreateTime     int64    `json:"createtime"`
	TagID          []string `json:"tag_id"`
	RemarkCorpName string   `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string `json:"remark_mobiles"`
	OperUserID     string   `json:"oper_userid"`
	AddWay         int      `json:"add_way"`
	State          string   `json:"state,omitempty"`
}

type contactView struct {
	ExternalUserID  string `json:"external_userid"`
	Name            string `json:"name"`
	Position        string `json:"position,omitempty"`
	Avatar          string `json:"avatar"`
	CorpName        string `json:"corp_name,omitempty"`
	CorpFullName    string `json:"corp_full_name,omitempty"`
	Type            int    `json:"type"`
	Gender          int    `json:"gender"`
	UnionID         string `json:"unionid,omitempty"`
	ExternalProfile *obj   `json:"external_profile,omitempty"`
}

func viewContact(c ExternalContact) contactView {
	v := contactView{ExternalUserID: c.ExternalUserID, Name: c.Name, Avatar: c.Avatar, Type: c.Type, Gender: c.Gender}
	if c.Type == ExternalWeChat {
		v.UnionID = c.UnionID
	} else {
		v.Position, v.CorpName, v.CorpFullName = c.Position, c.CorpName, c.CorpFullName
		v.ExternalProfile = &obj{"external_attr": []any{}}
	}
	return v
}

func (d *Directory) tagViews(ids []string) []tagView {
	out := []tagView{}
	for _, id := range ids {
		for _, t := range d.tags {
			if t.ID == id {
				out = append(out, tagView{t.GroupName, t.Name, t.ID, 1})
			}
		}
	}
	return out
}

func (s *Server) extFollowUserList(_ *call) (obj, error) {
	var ids []string
	for _, u := range s.dir.Users() {
		if u.CustomerContact {
			ids = append(ids, u.UserID)
		}
	}
	return obj{"follow_user": nonNil(ids)}, nil
}

func (s *Server) extList(c *call) (obj, error) {
	id := c.query("userid")
	if id == "" {
		return nil, errf(41009, "missing userid")
	}
	d := s.dir
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.userIdx[strings.ToLower(id)] == nil {
		if _, gone := d.resignedLocked(id); !gone {
			return nil, errf(60111, "userid not found")
		}
	}
	var out []string
	for _, f := range d.visibleFollowsLocked(id) {
		out = append(out, f.ExternalUserID)
	}
	if len(out) == 0 {
		return nil, errf(84061, "not external contact")
	}
	return obj{"external_userid": out}, nil
}

func (s *Server) extGet(c *call) (obj, error) {
	id := c.query("external_userid")
	if id == "" {
		return nil, errf(40096, "invalid external userid, hint: [missing]")
	}
	d := s.dir
	d.mu.Lock()
	defer d.mu.Unlock()
	ct := d.contIdx[id]
	if ct == nil {
		return nil, errf(40096, "invalid external userid")
	}
	fs := d.followersLocked(id)
	if len(fs) == 0 {
		return nil, errf(84061, "not external contact")
	}
	views := make([]followUserView, 0, len(fs))
	for _, f := range fs {
		views = append(views, followUserView{
			UserID: f.UserID, Remark: f.Remark, Description: f.Description, CreateTime: f.CreateTime,
			Tags: d.tagViews(f.TagIDs), RemarkCorpName: f.RemarkCorpName, RemarkMobiles: nonNil(f.RemarkMobiles),
			OperUserID: f.OperUserID, AddWay: f.AddWay, State: f.State,
		})
	}
	return obj{"external_contact": viewContact(*ct), "follow_user": views, "next_cursor": ""}, nil
}

func (s *Server) extBatchGetByUser(c *call) (obj, error) {
	var b struct {
		UserIDList []string `json:"userid_list"`
		UserID     string   `json:"userid"` // older single-user form
		Cursor     string   `json:"cursor"`
		Limit      int      `json:"limit"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if b.UserID != "" {
		b.UserIDList = append(b.UserIDList, b.UserID)
	}
	switch {
	case len(b.UserIDList) == 0:
		return nil, errf(41009, "missing userid_list")
	case len(b.UserIDList) > 100:
		return nil, errf(40058, "userid_list exceeds 100")
	case b.Limit < 0 || b.Limit > 100:
		return nil, errf(40058, "limit must be 1..100")
	case b.Limit == 0:
		b.Limit = 50
	}
	start, err := decodeCursor(b.Cursor)
	if err != nil {
		return nil, err
	}
	d := s.dir
	d.mu.Lock()
	defer d.mu.Unlock()
	var rel []*FollowRelation
	for _, id := range b.UserIDList {
		if d.userIdx[strings.ToLower(id)] == nil {
			if _, gone := d.resignedLocked(id); !gone {
				return nil, errf(60111, "userid not found, hint: [userid %s]", id)
			}
		}
		rel = append(rel, d.visibleFollowsLocked(id)...)
	}
	start = min(start, len(rel))
	end := min(start+b.Limit, len(rel))
	type item struct {
		ExternalContact contactView    `json:"external_contact"`
		FollowInfo      followInfoView `json:"follow_info"`
	}
	out := make([]item, 0, end-start)
	for _, f := range rel[start:end] {
		out = append(out, item{viewContact(*d.contIdx[f.ExternalUserID]), followInfoView{
			UserID: f.UserID, Remark: f.Remark, Description: f.Description, CreateTime: f.CreateTime,
			TagID: nonNil(slices.Clone(f.TagIDs)), RemarkCorpName: f.RemarkCorpName, RemarkMobiles: nonNil(slices.Clone(f.RemarkMobiles)),
			OperUserID: f.OperUserID, AddWay: f.AddWay, State: f.State,
		}})
	}
	next := ""
	if end < len(rel) {
		next = encodeCursor(end)
	}
	return obj{"external_contact_list": out, "next_cursor": next}, nil
}

func (s *Server) extRemark(c *call) (obj, error) {
	var b struct {
		UserID         string   `json:"userid"`
		ExternalUserID string   `json:"external_userid"`
		Remark         *string  `json:"remark"`
		Description    *string  `json:"description"`
		RemarkCompany  *string  `json:"remark_company"`
		RemarkMobiles  []string `json:"remark_mobiles"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	switch {
	case b.UserID == "":
		return nil, errf(41009, "missing userid")
	case b.ExternalUserID == "":
		return nil, errf(40096, "invalid external userid, hint: [missing]")
	case b.Remark != nil && utf8.RuneCountInString(*b.Remark) > 20:
		return nil, errf(40058, "remark exceeds 20 characters")
	case b.Description != nil && utf8.RuneCountInString(*b.Description) > 150:
		return nil, errf(40058, "description exceeds 150 characters")
	}
	p := RemarkPatch{Remark: b.Remark, Description: b.Description, RemarkCompany: b.RemarkCompany, RemarkMobiles: b.RemarkMobiles}
	return nil, s.dir.remark(b.UserID, b.ExternalUserID, p, OriginAPI)
}
