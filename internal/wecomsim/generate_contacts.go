package wecomsim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// randID returns prefix + n characters from the generator's stream.
func (g *generator) randID(prefix string, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := []byte(prefix)
	for range n {
		b = append(b, alphabet[g.pick(len(alphabet))])
	}
	return string(b)
}

// followers are members who may have customers: 客户联系 on, ever joined.
func (g *generator) followers() []*User {
	var out []*User
	for _, u := range g.d.users {
		if u.CustomerContact && u.Activated {
			out = append(out, u)
		}
	}
	return out
}

var addWays = []struct {
	way    int
	weight int
}{{1, 35}, {2, 20}, {3, 15}, {4, 10}, {201, 8}, {202, 5}, {16, 5}, {6, 2}}

func (g *generator) addWay() int {
	x := g.pick(100)
	for _, a := range addWays {
		if x < a.weight {
			return a.way
		}
		x -= a.weight
	}
	return 0
}

func (g *generator) contacts(n int) {
	fs := g.followers()
	for range n {
		c := g.contact()
		g.d.contacts = append(g.d.contacts, &c)
		g.d.contIdx[c.ExternalUserID] = &c
		k := 1
		if x := g.r.Float64(); x < 0.03 {
			k = 3
		} else if x < 0.2 {
			k = 2
		}
		for _, u := range g.distinct(fs, k) {
			f := g.follow(u, &c)
			g.d.follows = append(g.d.follows, &f)
			g.d.follIdx[followKey(f.UserID, f.ExternalUserID)] = &f
		}
	}
}

func (g *generator) distinct(fs []*User, k int) []*User {
	var out []*User
	for len(out) < k {
		u := fs[g.pick(len(fs))]
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

func (g *generator) contact() ExternalContact {
	han, _, _ := g.chineseName()
	h := hospitals[g.pick(len(hospitals))]
	t := hcpTitles[g.pick(len(hcpTitles))]
	dept := clinicalDepts[g.pick(len(clinicalDepts))]
	if strings.Contains(t.title, "药") {
		dept = "药剂科"
	}
	c := ExternalContact{Name: han, Gender: 1 + g.pick(2), Hospital: h.short + dept, Title: t.title}
	if g.r.Float64() < 0.75 {
		c.Type = ExternalWeChat
		c.ExternalUserID = g.randID("wm", 30)
		c.UnionID = g.randID("oSim", 24)
	} else {
		c.Type = ExternalWeCom
		c.ExternalUserID = g.randID("wo", 30)
		c.CorpName, c.CorpFullName, c.Position = h.short, h.full, dept+t.title
	}
	return c
}

func (g *generator) follow(u *User, c *ExternalContact) FollowRelation {
	short := "医生"
	for _, x := range hcpTitles {
		if x.title == c.Title {
			short = x.short
		}
	}
	f := FollowRelation{
		UserID: u.UserID, ExternalUserID: c.ExternalUserID,
		Remark:      string([]rune(c.Name)[:1]) + short + "-" + c.Hospital,
		Description: followDescriptions[g.pick(len(followDescriptions))],
		CreateTime:  genEpoch - int64(g.pick(730*86400)),
		AddWay:      g.addWay(), Status: FollowActive,
		TagIDs: []string{}, RemarkMobiles: []string{},
	}
	if r := []rune(f.Remark); len(r) > 20 { // Tencent caps remarks at 20 characters
		f.Remark = string(r[:20])
	}
	if c.Type == ExternalWeCom {
		f.RemarkCorpName = c.CorpName
	}
	if g.r.Float64() < 0.3 {
		f.RemarkMobiles = []string{g.mobile()}
	}
	switch f.AddWay {
	case 1, 16:
		f.State = campaigns[g.pick(len(campaigns))]
		f.OperUserID = c.ExternalUserID
	case 201, 202:
		f.OperUserID = g.d.users[g.pick(len(g.d.users))].UserID
	default:
		f.OperUserID = u.UserID
	}
	for range 1 + g.pick(2) {
		t := g.d.tags[g.pick(len(g.d.tags))].ID
		if !slices.Contains(f.TagIDs, t) {
			f.TagIDs = append(f.TagIDs, t)
		}
	}
	switch x := g.r.Float64(); {
	case x < 0.03:
		f.Status = FollowDeletedByCustomer
	case x < 0.05:
		f.Status = FollowDeletedByEmployee
	}
	switch x := g.r.Float64(); {
	case x < 0.85:
		f.AgreeStatus = "Agree"
	case x < 0.95:
		f.AgreeStatus = "Default_Agree"
	default:
		f.AgreeStatus = "Disagree"
	}
	f.AgreeTime = f.CreateTime + int64(g.pick(3600))
	return f
}

// chats makes customer groups owned by followers and internal groups of colleagues.
func (g *generator) chats(customer, internal int) {
	fs := g.followers()
	for i := range customer + internal {
		owner := fs[g.pick(len(fs))]
		c := &GroupChat{
			ChatID: g.randID("wr", 30), Owner: owner.UserID, Internal: i >= customer,
			CreateTime: genEpoch - int64(g.pick(500*86400)), Notice: noticeTexts[g.pick(len(noticeTexts))],
			Admins: []string{},
		}
		c.Members = append(c.Members, GroupMember{UserID: owner.UserID, Type: 1, JoinTime: c.CreateTime, JoinScene: 1})
		for _, u := range g.distinct(fs, 1+g.pick(3)) {
			if u != owner {
				c.Members = append(c.Members, GroupMember{UserID: u.UserID, Type: 1, JoinTime: c.CreateTime + int64(g.pick(86400)), JoinScene: 1, Invitor: owner.UserID, Name: u.Name})
				if len(c.Admins) == 0 && g.r.Float64() < 0.5 {
					c.Admins = append(c.Admins, u.UserID)
				}
			}
		}
		c.Members[0].Name = owner.Name
		if c.Internal {
			bu := g.d.deptLocked(owner.MainDepartment)
			c.Name = fmt.Sprintf("%s周会群", bu.Name)
		} else {
			g.customerMembers(c, owner)
			if owner.Status == StatusExited {
				c.Status = ChatOwnerResigned
			}
		}
		c.MemberVersion = shortHash(c.ChatID+fmt.Sprint(len(c.Members)), 32)
		g.d.chats = append(g.d.chats, c)
		g.d.chatIdx[c.ChatID] = c
	}
}

func (g *generator) customerMembers(c *GroupChat, owner *User) {
	var mine []*ExternalContact
	for _, f := range g.d.follows {
		if f.UserID == owner.UserID && f.Visible() {
			mine = append(mine, g.d.contIdx[f.ExternalUserID])
		}
	}
	hosp := hospitals[g.pick(len(hospitals))].short
	if len(mine) > 0 {
		hosp = mine[0].Hospital
	}
	c.Name = hosp + chatTopics[g.pick(len(chatTopics))]
	n := 5 + g.pick(26)
	seen := map[string]bool{}
	for range n {
		var x *ExternalContact
		if len(mine) > 0 && g.r.Float64() < 0.7 {
			x = mine[g.pick(len(mine))]
		} else {
			x = g.d.contacts[g.pick(len(g.d.contacts))]
		}
		if seen[x.ExternalUserID] {
			continue
		}
		seen[x.ExternalUserID] = true
		m := GroupMember{UserID: x.ExternalUserID, Type: 2, UnionID: x.UnionID, JoinTime: c.CreateTime + int64(g.pick(200*86400)),
			JoinScene: 1 + g.pick(3), Name: x.Name, GroupNickname: string([]rune(x.Name)[:1]) + x.Title}
		if m.JoinScene == 1 {
			m.Invitor = owner.UserID
		}
		c.Members = append(c.Members, m)
	}
}

func (g *generator) robots() {
	for _, name := range []string{"日报提醒机器人", "会议通知机器人", "合规提示机器人"} {
		u := g.d.users[g.pick(len(g.d.users))]
		g.d.robots = append(g.d.robots, Robot{RobotID: g.randID("wb", 30), Name: name, CreatorUserID: u.UserID})
	}
}

// newContact makes one more generated HCP, for customers added after start.
func (d *Directory) newContact() ExternalContact {
	d.mu.Lock()
	n := len(d.contacts)
	d.mu.Unlock()
	g := &generator{r: rand.New(rand.NewPCG(uint64(n), 0xc0ffee)), names: map[string]bool{}}
	for {
		c := g.contact()
		if _, taken := d.ExternalContact(c.ExternalUserID); !taken {
			return c
		}
	}
}
