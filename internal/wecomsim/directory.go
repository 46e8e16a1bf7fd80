package wecomsim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"
)

// Directory is the simulated corp's in-memory state: departments, users,
// external contacts, follow relations, group chats and robots. Every
// accessor takes the lock and returns copies. Changes are announced to the
// hooks registered with OnChange, after the lock is released.
type Directory struct {
	mu      sync.Mutex
	corpID  string
	depts   []*Department    // ordered by id
	users   []*User          // insertion order
	userIdx map[string]*User // key: lower-case userid
	// normCache memoises normMobile of stored mobiles (see lookup.go).
	normCache map[string]normMobileResult
	contacts  []*ExternalContact
	contIdx   map[string]*ExternalContact
	follows   []*FollowRelation
	follIdx   map[string]*FollowRelation // key: userid + "\x00" + external_userid
	chats     []*GroupChat
	chatIdx   map[string]*GroupChat
	robots    []Robot
	tags      []Tag
	resigned  map[string]*User // deleted members, by lower-case userid, for resigned transfers
	xfers     []*transfer      // customer transfers, oldest first
	xferRules transferRules
	now       func() time.Time

	hookMu sync.Mutex
	hooks  map[int]func(Change)
	nextID int
	// welcome issues a welcome code for add_external_contact events; set by the Server.
	welcome func(userID, externalUserID string) string
}

func newDirectory(corpID string, now func() time.Time) *Directory {
	return &Directory{
		corpID: corpID, now: now, resigned: map[string]*User{},
		userIdx: map[string]*User{}, contIdx: map[string]*ExternalContact{},
		follIdx: map[string]*FollowRelation{}, chatIdx: map[string]*GroupChat{},
		hooks:     map[int]func(Change){},
		xferRules: transferRules{refuse: 0.08, quotaFull: 0.04, fail: map[string]int{}, submits: map[string]int{}},
	}
}

func followKey(userID, extID string) string { return strings.ToLower(userID) + "\x00" + extID }

// CorpID returns the simulated corp id.
func (d *Directory) CorpID() string { return d.corpID }

// Departments returns every department ordered by id.
func (d *Directory) Departments() []Department {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Department, 0, len(d.depts))
	for _, x := range d.depts {
		out = append(out, cloneDept(*x))
	}
	return out
}

// Department returns one department.
func (d *Directory) Department(id int64) (Department, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	x := d.deptLocked(id)
	if x == nil {
		return Department{}, false
	}
	return cloneDept(*x), true
}

func (d *Directory) deptLocked(id int64) *Department {
	for _, x := range d.depts {
		if x.ID == id {
			return x
		}
	}
	return nil
}

// Users returns every user still in the directory (deleted users are gone).
func (d *Directory) Users() []User {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]User, 0, len(d.users))
	for _, u := range d.users {
		out = append(out, cloneUser(*u))
	}
	return out
}

// User returns one user by userid (case-insensitive, as Tencent).
func (d *Directory) User(userID string) (User, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	u := d.userIdx[strings.ToLower(userID)]
	if u == nil {
		return User{}, false
	}
	return cloneUser(*u), true
}

// ExternalContacts returns every external contact.
func (d *Directory) ExternalContacts() []ExternalContact {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]ExternalContact, 0, len(d.contacts))
	for _, c := range d.contacts {
		out = append(out, *c)
	}
	return out
}

// ExternalContact returns one external contact.
func (d *Directory) ExternalContact(id string) (ExternalContact, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.contIdx[id]
	if c == nil {
		return ExternalContact{}, false
	}
	return *c, true
}

// Follows returns every follow relation, including deleted ones (see Status).
func (d *Directory) Follows() []FollowRelation {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]FollowRelation, 0, len(d.follows))
	for _, f := range d.follows {
		out = append(out, cloneFollow(*f))
	}
	return out
}

// Follow returns the relation between a member and a customer.
func (d *Directory) Follow(userID, externalUserID string) (FollowRelation, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f := d.follIdx[followKey(userID, externalUserID)]
	if f == nil {
		return FollowRelation{}, false
	}
	return cloneFollow(*f), true
}

// GroupChats returns customer and internal group chats.
func (d *Directory) GroupChats() []GroupChat {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]GroupChat, 0, len(d.chats))
	for _, c := range d.chats {
		out = append(out, cloneChat(*c))
	}
	return out
}

// GroupChat returns one group chat.
func (d *Directory) GroupChat(chatID string) (GroupChat, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.chatIdx[chatID]
	if c == nil {
		return GroupChat{}, false
	}
	return cloneChat(*c), true
}

// Robots returns the group robots.
func (d *Directory) Robots() []Robot {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.robots)
}

// Tags returns the corp customer-tag library.
func (d *Directory) Tags() []Tag {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.tags)
}

// PermitUsers returns the userids with an archive licence of the given
// type (0 = any), as msgaudit/get_permit_user_list.
func (d *Directory) PermitUsers(archiveType int) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for _, u := range d.users {
		if u.ArchiveType != 0 && (archiveType == 0 || u.ArchiveType == archiveType) {
			out = append(out, u.UserID)
		}
	}
	return out
}

// Hash is a SHA-256 over the whole directory's content; the same seed gives
// the same hash.
func (d *Directory) Hash() string {
	snap := struct {
		Depts    []Department
		Users    []User
		Contacts []ExternalContact
		Hidden   []string
		Follows  []FollowRelation
		Chats    []GroupChat
		Robots   []Robot
		Tags     []Tag
	}{d.Departments(), d.Users(), d.ExternalContacts(), nil, d.Follows(), d.GroupChats(), d.Robots(), d.Tags()}
	for _, c := range snap.Contacts { // json:"-" fields still count
		snap.Hidden = append(snap.Hidden, c.Hospital+"|"+c.Title)
	}
	b, _ := json.Marshal(snap)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func cloneDept(x Department) Department { x.Leaders = slices.Clone(x.Leaders); return x }

func cloneUser(u User) User {
	u.Department = slices.Clone(u.Department)
	u.Order = slices.Clone(u.Order)
	u.IsLeaderInDept = slices.Clone(u.IsLeaderInDept)
	u.DirectLeader = slices.Clone(u.DirectLeader)
	return u
}

func cloneFollow(f FollowRelation) FollowRelation {
	f.TagIDs = slices.Clone(f.TagIDs)
	f.RemarkMobiles = slices.Clone(f.RemarkMobiles)
	return f
}

func cloneChat(c GroupChat) GroupChat {
	c.Members = slices.Clone(c.Members)
	c.Admins = slices.Clone(c.Admins)
	return c
}

// shortHash gives n lowercase alphanumerics derived from s (stable ids).
func shortHash(s string, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	out := make([]byte, 0, n)
	for i := 0; len(out) < n; i++ {
		sum := sha256.Sum256([]byte(s + "#" + string(rune('a'+i))))
		for _, b := range sum {
			if len(out) == n {
				break
			}
			out = append(out, alphabet[int(b)%len(alphabet)])
		}
	}
	return string(out)
}
