package wecomsim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// genEpoch anchors generated times so the same seed gives the same data
// whatever the clock says.
var genEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()

const corpDomain = "simpharma.cn"

// generator fills a Directory from a seed.
type generator struct {
	r       *rand.Rand
	d       *Directory
	mobiles map[string]bool
	ids     map[string]bool
	names   map[string]bool
}

// Generate seeds d deterministically: departments, ~200 members, ~2,000
// customers with follow relations, group chats, robots and tags.
func (d *Directory) generate(seed int64) {
	g := &generator{
		r: rand.New(rand.NewPCG(uint64(seed), 0x5eed5eed)), d: d,
		mobiles: map[string]bool{}, ids: map[string]bool{}, names: map[string]bool{},
	}
	g.departments()
	g.users()
	g.tags()
	g.contacts(2000)
	g.chats(60, 10)
	g.robots()
}

func (g *generator) pick(n int) int { return g.r.IntN(n) }

var salesBUs = []struct{ name, en string }{
	{"肿瘤事业部", "Oncology BU"}, {"免疫事业部", "Immunology BU"},
	{"心血管与代谢事业部", "CVM BU"}, {"神经科学事业部", "Neuroscience BU"},
}

var regions = []struct{ name, en string }{
	{"华东区", "East"}, {"华北区", "North"}, {"华南区", "South"}, {"华西区", "West"}, {"华中区", "Central"},
}

func (g *generator) departments() {
	d := g.d
	add := func(id, parent int64, name, en string, order int64) {
		d.depts = append(d.depts, &Department{ID: id, Name: name, NameEn: en, ParentID: parent, Order: order, Leaders: []string{}})
	}
	add(1, 0, "总部", "Headquarters", 100000000)
	add(2, 1, "医学部", "Medical Affairs", 99999000)
	add(3, 2, "肿瘤事业部", "Oncology Medical", 99998000)
	add(4, 2, "免疫事业部", "Immunology Medical", 99997000)
	add(5, 2, "心血管与代谢事业部", "CVM Medical", 99996000)
	fns := []struct{ name, en string }{
		{"人力资源部", "Human Resources"}, {"财务部", "Finance"}, {"信息技术部", "IT"}, {"合规部", "Compliance"}, {"市场准入部", "Market Access"},
	}
	for i, f := range fns {
		add(int64(10+i), 1, f.name, f.en, int64(99990000-i*1000))
	}
	for i, bu := range salesBUs {
		buID := int64(20 + i*10)
		add(buID, 1, bu.name, bu.en, int64(99980000-i*1000))
		for j, rg := range regions {
			add(buID+int64(j+1), buID, rg.name, bu.en+" "+rg.en, int64(99000000-j*1000))
		}
	}
}

// staffing lists who works where: department id → positions.
func staffing() map[int64][]string {
	m := map[int64][]string{
		1:  {"总经理", "副总裁", "副总裁"},
		2:  {"医学部总监"},
		3:  {"医学经理", "医学联络官", "医学联络官", "医学联络官"},
		4:  {"医学经理", "医学联络官", "医学联络官", "医学联络官"},
		5:  {"医学经理", "医学联络官", "医学联络官", "医学联络官"},
		10: {"人力资源经理", "人力资源专员", "人力资源专员", "招聘专员", "薪酬福利专员"},
		11: {"财务经理", "财务分析师", "会计", "费用审核专员"},
		12: {"信息技术经理", "系统管理员", "企业微信管理员", "IT工程师", "IT工程师", "数据分析师"},
		13: {"合规经理", "合规专员", "合规专员", "内审专员"},
		14: {"市场准入经理", "政府事务经理", "市场准入专员", "市场准入专员"},
	}
	for i := range salesBUs {
		bu := int64(20 + i*10)
		m[bu] = []string{"事业部总经理"}
		for j := range regions {
			m[bu+int64(j+1)] = []string{"地区经理", "高级医药代表", "医药代表", "医药代表", "医药代表", "医药代表", "高级医药代表", "KA经理"}
		}
	}
	return m
}

func isLeaderPos(p string) bool {
	return strings.HasSuffix(p, "经理") && p != "KA经理" || strings.HasSuffix(p, "总监") || strings.HasSuffix(p, "总经理")
}

func (g *generator) users() {
	st := staffing()
	for _, dept := range g.d.depts {
		var leader string
		for i, pos := range st[dept.ID] {
			u := g.person(pos, dept.ID)
			if i == 0 && isLeaderPos(pos) {
				u.IsLeaderInDept = []int{1}
				leader = u.UserID
				dept.Leaders = []string{u.UserID}
			} else if leader != "" {
				u.DirectLeader = []string{leader}
			}
			if len(g.d.users) == 0 {
				u.Creator, u.Status, u.Activated, u.RealNameVerified, u.DimissionTime = true, StatusActive, true, true, 0
			}
			cp := u
			g.d.users = append(g.d.users, &cp)
			g.d.userIdx[strings.ToLower(u.UserID)] = &cp
		}
	}
}

func (g *generator) chineseName() (han, given, family string) {
	for {
		s := surnames[g.pick(len(surnames))]
		n := 1 + g.pick(2)
		h, p := s.han, ""
		for range n {
			c := givenChars[g.pick(len(givenChars))]
			h += c.han
			p += c.pin
		}
		if !g.names[h] {
			g.names[h] = true
			return h, p, s.pin
		}
	}
}

func (g *generator) mobile() string {
	prefixes := []string{"130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "177", "180", "181", "186", "187", "188", "189", "199"}
	for {
		m := prefixes[g.pick(len(prefixes))] + fmt.Sprintf("%08d", g.r.IntN(100000000))
		if !g.mobiles[m] {
			g.mobiles[m] = true
			return m
		}
	}
}

func (g *generator) person(pos string, dept int64) User {
	han, given, family := g.chineseName()
	id := given + "." + family
	for n := 2; g.ids[id]; n++ {
		id = fmt.Sprintf("%s.%s%d", given, family, n)
	}
	g.ids[id] = true
	u := User{
		UserID: id, Name: han, Mobile: g.mobile(), Email: id + "@" + corpDomain, Position: pos,
		Gender: fmt.Sprint(1 + g.pick(2)), Department: []int64{dept}, Order: []int64{0}, IsLeaderInDept: []int{0},
		DirectLeader: []string{}, MainDepartment: dept, Telephone: fmt.Sprintf("021-6%07d", g.r.IntN(10000000)),
	}
	u.OpenID = "oSim" + shortHash(g.d.corpID+"|"+id, 24)
	switch x := g.r.Float64(); {
	case x < 0.05:
		u.Status, u.Activated = StatusDisabled, true
	case x < 0.11:
		u.Status = StatusNotActive
	case x < 0.16:
		u.Status, u.Activated = StatusExited, true
		u.DimissionTime = genEpoch - int64(g.pick(300*86400))
	default:
		u.Status, u.Activated = StatusActive, true
	}
	u.RealNameVerified = u.Activated && g.r.Float64() < 0.92
	field := dept >= 20 || (dept >= 3 && dept <= 5)
	u.CustomerContact = field && u.Status != StatusNotActive
	if field {
		u.ArchiveType = 2
		if isLeaderPos(pos) {
			u.ArchiveType = 3
		}
		u.ExternalPosition = pos
	} else if dept == 13 {
		u.ArchiveType = 1
	}
	return u
}

func (g *generator) tags() {
	groups := []struct {
		name string
		tags []string
	}{
		{"科室", clinicalDepts[:7]},
		{"客户级别", []string{"A类", "B类", "C类"}},
		{"关注领域", []string{"肺癌", "乳腺癌", "血液肿瘤", "类风湿关节炎", "银屑病", "高血压", "糖尿病"}},
	}
	for _, gr := range groups {
		for _, t := range gr.tags {
			g.d.tags = append(g.d.tags, Tag{ID: "et" + shortHash(g.d.corpID+gr.name+t, 20), Name: t, GroupName: gr.name})
		}
	}
}
