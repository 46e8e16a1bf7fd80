package wecomsim

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
)

// userView is the user object of user/get and user/list.
type userView struct {
	UserID           string   `json:"userid"`
	Name             string   `json:"name"`
	Department       []int64  `json:"department"`
	Order            []int64  `json:"order"`
	Position         string   `json:"position"`
	Mobile           string   `json:"mobile"`
	Gender           string   `json:"gender"`
	Email            string   `json:"email"`
	BizMail          string   `json:"biz_mail"`
	IsLeaderInDept   []int    `json:"is_leader_in_dept"`
	DirectLeader     []string `json:"direct_leader"`
	Avatar           string   `json:"avatar"`
	ThumbAvatar      string   `json:"thumb_avatar"`
	Telephone        string   `json:"telephone"`
	Alias            string   `json:"alias"`
	Address          string   `json:"address"`
	OpenUserID       string   `json:"open_userid"`
	MainDepartment   int64    `json:"main_department"`
	Status           int      `json:"status"`
	Enable           int      `json:"enable"`
	QRCode           string   `json:"qr_code"`
	ExternalPosition string   `json:"external_position"`
	Extattr          obj      `json:"extattr"`
	ExternalProfile  obj      `json:"external_profile"`
}

func viewUser(u User, corpName string) userView {
	enable := 1
	if u.Status == StatusDisabled {
		enable = 0
	}
	return userView{
		UserID: u.UserID, Name: u.Name, Department: nonNil(u.Department), Order: nonNil(u.Order), Position: u.Position,
		Mobile: u.Mobile, Gender: u.Gender, Email: u.Email, BizMail: u.BizMail, IsLeaderInDept: nonNil(u.IsLeaderInDept),
		DirectLeader: nonNil(u.DirectLeader), Telephone: u.Telephone, Alias: u.Alias, Address: u.Address,
		MainDepartment: u.MainDepartment, Status: u.Status, Enable: enable, ExternalPosition: u.ExternalPosition,
		Extattr:         obj{"attrs": []any{}},
		ExternalProfile: obj{"external_corp_name": corpName, "external_attr": []any{}},
	}
}

// obj lists the view's fields for user/get, where errcode/errmsg sit
// beside them (cheaper than a JSON round trip).
func (v userView) obj() obj {
	return obj{
		"userid": v.UserID, "name": v.Name, "department": v.Department, "order": v.Order, "position": v.Position,
		"mobile": v.Mobile, "gender": v.Gender, "email": v.Email, "biz_mail": v.BizMail,
		"is_leader_in_dept": v.IsLeaderInDept, "direct_leader": v.DirectLeader, "avatar": v.Avatar,
		"thumb_avatar": v.ThumbAvatar, "telephone": v.Telephone, "alias": v.Alias, "address": v.Address,
		"open_userid": v.OpenUserID, "main_department": v.MainDepartment, "status": v.Status, "enable": v.Enable,
		"qr_code": v.QRCode, "external_position": v.ExternalPosition, "extattr": v.Extattr,
		"external_profile": v.ExternalProfile,
	}
}

// memberObj is the user object as the calling secret may see it: without
// the sensitive fields for post-2022 apps and base apps.
func (s *Server) memberObj(c *call, u User) obj {
	o := viewUser(u, simCorpName).obj()
	if c.prof.members(s.opts.LegacyAppFields) != membersFull {
		for _, k := range sensitiveFields {
			delete(o, k)
		}
	}
	return o
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

const simCorpName = "模拟医药"

// userBody is the body of user/create and user/update; pointers tell
// "absent" from "empty".
type userBody struct {
	UserID           string   `json:"userid"`
	Name             *string  `json:"name"`
	Alias            *string  `json:"alias"`
	Mobile           *string  `json:"mobile"`
	Department       []int64  `json:"department"`
	Order            []int64  `json:"order"`
	Position         *string  `json:"position"`
	Gender           *string  `json:"gender"`
	Email            *string  `json:"email"`
	BizMail          *string  `json:"biz_mail"`
	Telephone        *string  `json:"telephone"`
	IsLeaderInDept   []int    `json:"is_leader_in_dept"`
	DirectLeader     []string `json:"direct_leader"`
	MainDepartment   *int64   `json:"main_department"`
	Enable           *int     `json:"enable"`
	Address          *string  `json:"address"`
	ExternalPosition *string  `json:"external_position"`
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (s *Server) userCreate(c *call) (obj, error) {
	if err := requireContacts(c); err != nil {
		return nil, err
	}
	var b userBody
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	u := User{
		UserID: b.UserID, Name: deref(b.Name), Alias: deref(b.Alias), Mobile: deref(b.Mobile), Email: deref(b.Email),
		BizMail: deref(b.BizMail), Position: deref(b.Position), Gender: deref(b.Gender), Telephone: deref(b.Telephone),
		Address: deref(b.Address), ExternalPosition: deref(b.ExternalPosition), Department: b.Department,
		Order: b.Order, IsLeaderInDept: b.IsLeaderInDept, DirectLeader: b.DirectLeader, Status: StatusNotActive,
	}
	if b.MainDepartment != nil {
		u.MainDepartment = *b.MainDepartment
	}
	if b.Enable != nil && *b.Enable == 0 {
		u.Status = StatusDisabled
	}
	if err := s.dir.createUser(u, OriginAPI); err != nil {
		return nil, err
	}
	return obj{"errmsg": "created"}, nil
}

func (s *Server) userUpdate(c *call) (obj, error) {
	if err := requireContacts(c); err != nil {
		return nil, err
	}
	var b userBody
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if b.UserID == "" {
		return nil, errf(41009, "missing userid")
	}
	p := UserPatch{
		Name: b.Name, Alias: b.Alias, Mobile: b.Mobile, Email: b.Email, Position: b.Position, Gender: b.Gender,
		Telephone: b.Telephone, Address: b.Address, ExternalPosition: b.ExternalPosition, Department: b.Department,
		Order: b.Order, IsLeaderInDept: b.IsLeaderInDept, DirectLeader: b.DirectLeader,
		MainDepartment: b.MainDepartment, Enable: b.Enable,
	}
	if err := s.dir.updateUser(b.UserID, p, OriginAPI); err != nil {
		return nil, err
	}
	return obj{"errmsg": "updated"}, nil
}

func (s *Server) userGet(c *call) (obj, error) {
	if err := s.refuseMemberRead(c); err != nil {
		return nil, err
	}
	id := c.query("userid")
	if id == "" {
		return nil, errf(41009, "missing userid")
	}
	u, ok := s.dir.User(id)
	if !ok {
		return nil, errf(60111, "userid not found")
	}
	return s.memberObj(c, u), nil
}

func (s *Server) userDelete(c *call) (obj, error) {
	if err := requireContacts(c); err != nil {
		return nil, err
	}
	id := c.query("userid")
	if id == "" {
		return nil, errf(41009, "missing userid")
	}
	if err := s.dir.deleteUsers([]string{id}, OriginAPI); err != nil {
		return nil, err
	}
	return obj{"errmsg": "deleted"}, nil
}

func (s *Server) userBatchDelete(c *call) (obj, error) {
	if err := requireContacts(c); err != nil {
		return nil, err
	}
	var b struct {
		UserIDList []string `json:"useridlist"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if len(b.UserIDList) == 0 {
		return nil, errf(40031, "invalid userid list, hint: [empty]")
	}
	if len(b.UserIDList) > 200 {
		return nil, errf(40032, "invalid userid list size, hint: [max 200]")
	}
	for _, id := range b.UserIDList {
		if _, ok := s.dir.User(id); !ok {
			return nil, errf(40031, "invalid userid list, hint: [userid %s]", id)
		}
	}
	if err := s.dir.deleteUsers(b.UserIDList, OriginAPI); err != nil {
		return nil, err
	}
	return obj{"errmsg": "deleted"}, nil
}

// deptUsers returns the users of a department (and its subtree).
func (s *Server) deptUsers(c *call) ([]User, error) {
	id, err := deptParam(c, "department_id")
	if err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, errf(60003, "missing department_id")
	}
	ids := []int64{id}
	if c.query("fetch_child") == "1" {
		ids = ids[:0]
		for _, d := range s.dir.subtree(id) {
			ids = append(ids, d.ID)
		}
	}
	if _, ok := s.dir.Department(id); !ok {
		return nil, errf(60003, "department not found")
	}
	var out []User
	for _, u := range s.dir.Users() {
		if slices.ContainsFunc(u.Department, func(d int64) bool { return slices.Contains(ids, d) }) {
			out = append(out, u)
		}
	}
	return out, nil
}

func (s *Server) userSimpleList(c *call) (obj, error) {
	if err := s.refuseMemberRead(c); err != nil {
		return nil, err
	}
	us, err := s.deptUsers(c)
	if err != nil {
		return nil, err
	}
	type simple struct {
		UserID     string  `json:"userid"`
		Name       string  `json:"name"`
		Department []int64 `json:"department"`
		OpenUserID string  `json:"open_userid"`
	}
	out := make([]simple, 0, len(us))
	for _, u := range us {
		out = append(out, simple{u.UserID, u.Name, u.Department, ""})
	}
	return obj{"userlist": out}, nil
}

func (s *Server) userList(c *call) (obj, error) {
	if err := s.refuseMemberRead(c); err != nil {
		return nil, err
	}
	us, err := s.deptUsers(c)
	if err != nil {
		return nil, err
	}
	out := make([]obj, 0, len(us))
	for _, u := range us {
		out = append(out, s.memberObj(c, u))
	}
	return obj{"userlist": out}, nil
}

// userListID pages over every (userid, department) pair sorted by userid;
// the cursor is the opaque position of the next row.
func (s *Server) userListID(c *call) (obj, error) {
	if err := requireContacts(c); err != nil {
		return nil, err
	}
	var b struct {
		Cursor string `json:"cursor"`
		Limit  int    `json:"limit"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if b.Limit == 0 {
		b.Limit = 10000
	}
	if b.Limit < 1 || b.Limit > 10000 {
		return nil, errf(40058, "limit must be 1..10000")
	}
	start, err := decodeCursor(b.Cursor)
	if err != nil {
		return nil, err
	}
	type row struct {
		UserID     string `json:"userid"`
		Department int64  `json:"department"`
	}
	var rows []row
	us := s.dir.Users()
	slices.SortFunc(us, func(a, b User) int { return strings.Compare(a.UserID, b.UserID) })
	for _, u := range us {
		for _, d := range u.Department {
			rows = append(rows, row{u.UserID, d})
		}
	}
	if start > len(rows) {
		start = len(rows)
	}
	end := min(start+b.Limit, len(rows))
	next := ""
	if end < len(rows) {
		next = encodeCursor(end)
	}
	return obj{"dept_user": nonNil(rows[start:end]), "next_cursor": next}, nil
}

func encodeCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("sim:" + strconv.Itoa(n)))
}

// decodeCursor reads a cursor; a bad one is 50100 (分页查询的游标无效).
func decodeCursor(c string) (int, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && strings.HasPrefix(string(b), "sim:") {
		if n, err := strconv.Atoi(string(b[4:])); err == nil && n >= 0 {
			return n, nil
		}
	}
	return 0, errf(50100, "invalid cursor")
}

func (s *Server) userGetUserID(c *call) (obj, error) {
	var b struct {
		Mobile string `json:"mobile"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	want, ok := normMobile(b.Mobile)
	if !ok || len(b.Mobile) < 5 || len(b.Mobile) > 32 {
		return nil, errf(60103, "mobile invalid")
	}
	if id, ok := s.dir.userIDByMobile(want); ok {
		return obj{"userid": id}, nil
	}
	return nil, errf(46004, "user no exist")
}

func (s *Server) userGetByEmail(c *call) (obj, error) {
	var b struct {
		Email     string `json:"email"`
		EmailType int    `json:"email_type"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if !validEmail(b.Email) {
		return nil, errf(60105, "email invalid")
	}
	if b.EmailType != 0 && b.EmailType != 1 && b.EmailType != 2 {
		return nil, errf(40058, "email_type must be 1 or 2")
	}
	// The sim's members have their corp address in email; 1 (企业邮箱) also matches biz_mail.
	if id, ok := s.dir.userIDByEmail(b.Email, b.EmailType != 2); ok {
		return obj{"userid": id}, nil
	}
	return nil, errf(46004, "user no exist")
}

func (s *Server) userConvertToOpenID(c *call) (obj, error) {
	var b struct {
		UserID string `json:"userid"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if b.UserID == "" {
		return nil, errf(41009, "missing userid")
	}
	u, ok := s.dir.User(b.UserID)
	if !ok {
		return nil, errf(60111, "userid not found")
	}
	return obj{"openid": u.OpenID}, nil
}
