package archivesim

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Options shape a generated archive. Zero values give the default archive.
type Options struct {
	Seed        uint64
	Messages    int      // total messages (default 300; at least one of every msgtype)
	Employees   []string // userids (default: generated pinyin ids)
	Contacts    []string // external_userids (default: generated wm… ids)
	KeyVersions int      // publickey_ver 1..n used in turn over time (default 2)
	KeyShare    int      // consecutive messages sharing a random key (default 1)
	TextOnly    bool     // after the one-of-each round, only text (big runs)
	// MixEvery, with TextOnly, draws every n-th slot after the first round
	// from the usual mix instead: a modest share of media (0: none).
	MixEvery int
	Start    time.Time
	Span     time.Duration // spread the messages over this long after Start (0: 5 s to 10 min apart)
	// Rooms are the group chats to talk in (the directory's customer
	// groups, so their names resolve); none: four generated rooms.
	Rooms []Room
	// Monitoring is the share of slots after the first round that start a
	// compliance scenario (AE, off-label, bribery, PII; see monitoring.go);
	// 0: none, the archive of earlier versions.
	Monitoring float64
}

// Room is a group chat of the directory: its chatid is the archive's roomid.
type Room struct {
	ID      string
	Name    string
	Members []string // userids first, then external_userids
}

// Truth is what the generator put in the archive, for tests to compare.
type Truth struct {
	Seq            uint64
	MsgID          string
	Action         string // send, recall, switch
	MsgType        string // "" for switch
	From           string
	ToList         []string
	RoomID         string
	ConversationID string // ConversationID(...) of the message; "" for switch
	PreMsgID       string
	Media          []string // sdkfileids, including nested ones
	PublicKeyVer   int
	Labels         []string // monitoring ground truth: ae, offlabel, bribery, pii
}

// ConversationID is the conversation rule shared with the ingest: a group is
// its roomid; a 1:1 chat is the sorted pair of participants joined by "|".
func ConversationID(from string, tolist []string, roomid string) string {
	if roomid != "" {
		return roomid
	}
	if len(tolist) == 0 {
		return ""
	}
	a, b := from, tolist[0]
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

// MsgTypes is every msgtype the generator writes (reference §7.6), plus
// "switch" (action=switch, no msgtype).
var MsgTypes = []string{
	"text", "image", "revoke", "agree", "disagree", "voice", "video", "card", "location", "emotion",
	"file", "link", "weapp", "chatrecord", "todo", "vote", "collect", "redpacket", "meeting", "docmsg",
	"markdown", "news", "calendar", "mixed", "meeting_voice_call", "voip_doc_share", "external_redpacket",
	"sphfeed", "voiptext", "qydiskfile", "switch",
}

type conv struct {
	roomid  string
	members []string // 1:1: [employee, other]
	name    string
	sent    []string // msgids sent here (revoke targets)
}

type gen struct {
	r       *rand.Rand
	a       *Archive
	opts    Options
	now     time.Time
	convs   []*conv
	truth   []Truth
	seqNo   int
	mediaNo int
	mr      *rand.Rand    // scenario choices (monitoring.go), apart from r
	pending []pendingStep // scenario steps still to send
	cur     *pendingStep  // the step being sent
}

// Generate builds an archive of realistic rep–HCP conversations with every
// msgtype and real media bytes, deterministic for a seed.
func Generate(keys *KeyRing, o Options) (*Archive, []Truth) {
	if o.Messages <= 0 {
		o.Messages = 300
	}
	if o.KeyVersions <= 0 {
		o.KeyVersions = 2
	}
	if len(o.Employees) == 0 {
		o.Employees = defaultEmployees
	}
	if len(o.Contacts) == 0 {
		o.Contacts = defaultContacts(o.Seed)
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	}
	g := &gen{r: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)), a: NewArchive(keys), opts: o, now: o.Start,
		mr: rand.New(rand.NewPCG(o.Seed^0x6d6f6e69, 0x746f72))}
	g.a.SetKeyShare(o.KeyShare)
	g.makeConversations()
	for i := 0; i < o.Messages; i++ {
		if i >= len(MsgTypes) && len(g.pending) == 0 {
			g.startScenario()
		}
		if len(g.pending) > 0 {
			p := g.pending[0]
			g.pending, g.cur = g.pending[1:], &p
			g.emit(g.scenarioType(p), i*o.KeyVersions/o.Messages+1)
			g.cur = nil
			continue
		}
		t := "text"
		switch {
		case i < len(MsgTypes):
			t = MsgTypes[i]
		case !o.TextOnly, o.MixEvery > 0 && i%o.MixEvery == 0:
			t = weighted[g.r.IntN(len(weighted))]
		}
		g.emit(t, i*o.KeyVersions/o.Messages+1)
	}
	return g.a, g.truth
}

// weighted is the mix after the first round: mostly text, some media.
var weighted = []string{"text", "text", "text", "text", "text", "text", "image", "voice", "file", "link",
	"revoke", "emotion", "mixed", "location", "card", "video", "chatrecord", "meeting_voice_call", "voiptext"}

var defaultEmployees = []string{"zhangwei", "liuyang", "wangfang", "chenjing", "lixiaoming", "zhaolei"}

func defaultContacts(seed uint64) []string {
	r := rand.New(rand.NewPCG(seed+7, 11))
	out := make([]string, 12)
	for i := range out {
		out[i] = fmt.Sprintf("wmSim%02d%016x", i, r.Uint64())
	}
	return out
}

func (g *gen) makeConversations() {
	emps, cons := g.opts.Employees, g.opts.Contacts
	for i, c := range cons {
		g.convs = append(g.convs, &conv{members: []string{emps[i%len(emps)], c}})
	}
	if len(emps) > 1 {
		g.convs = append(g.convs, &conv{members: []string{emps[0], emps[1]}})
	}
	for _, r := range g.opts.Rooms {
		if len(r.Members) >= 2 {
			g.convs = append(g.convs, &conv{roomid: r.ID, members: r.Members, name: r.Name})
		}
	}
	for i := 0; i < 4 && len(g.opts.Rooms) == 0; i++ {
		members := []string{emps[i%len(emps)], emps[(i+1)%len(emps)]}
		for j := 0; j < 3; j++ {
			members = append(members, cons[(i*3+j)%len(cons)])
		}
		members = slices.Compact(members)
		g.convs = append(g.convs, &conv{roomid: fmt.Sprintf("wrSimRoom%04d%08x", i, g.r.Uint32()), members: members, name: groupNames[i%len(groupNames)]})
	}
}

// pick chooses a conversation fitting msgtype t and a sender.
func (g *gen) pick(t string) (*conv, string) {
	for {
		c := g.convs[g.r.IntN(len(g.convs))]
		external := strings.HasPrefix(c.members[1], "wm") || c.roomid != ""
		switch t {
		case "agree", "disagree":
			if c.roomid != "" || !strings.HasPrefix(c.members[1], "wm") {
				continue
			}
			return c, c.members[1]
		case "revoke":
			if len(c.sent) == 0 {
				continue
			}
		case "external_redpacket":
			if !external {
				continue
			}
		}
		return c, c.members[g.r.IntN(len(c.members))]
	}
}

// step is the gap before the next message: 5 s to 10 min, or spread so
// the messages cover Options.Span (a demo's last two weeks).
func (g *gen) step() time.Duration {
	if g.opts.Span > 0 {
		// Spread what is left over the messages left, never past the end.
		left := g.opts.Start.Add(g.opts.Span).Sub(g.now)
		avg := left / time.Duration(max(1, g.opts.Messages-g.seqNo))
		d := avg/10 + time.Duration(g.r.Int64N(int64(avg)*9/5+1))
		return min(d, max(left/2, 0))
	}
	return time.Duration(5+g.r.IntN(600)) * time.Second
}

func (g *gen) emit(t string, ver int) {
	g.now = g.now.Add(g.step())
	g.seqNo++
	msgid := fmt.Sprintf("%016x%08d", g.r.Uint64(), g.seqNo)
	msgtime := g.now.UnixMilli()
	if t == "switch" {
		user := g.opts.Employees[g.r.IntN(len(g.opts.Employees))]
		m := map[string]any{"msgid": msgid, "action": "switch", "time": msgtime, "user": user}
		g.add(m, Truth{MsgID: msgid, Action: "switch", From: user, PublicKeyVer: ver})
		return
	}
	c, from := g.pick(t)
	if g.cur != nil {
		c, from = g.cur.conv, g.cur.sender()
	}
	to := make([]string, 0, len(c.members))
	for _, m := range c.members {
		if m != from {
			to = append(to, m)
		}
	}
	if strings.HasPrefix(from, "wm") || slices.ContainsFunc(to, func(s string) bool { return strings.HasPrefix(s, "wm") }) {
		msgid += "_external"
	}
	m := map[string]any{"msgid": msgid, "action": "send", "from": from, "tolist": to, "roomid": c.roomid,
		"msgtime": msgtime, "msgtype": t}
	tr := Truth{MsgID: msgid, Action: "send", MsgType: t, From: from, ToList: to, RoomID: c.roomid,
		ConversationID: ConversationID(from, to, c.roomid), PublicKeyVer: ver}
	if t == "revoke" {
		m["action"], tr.Action = "recall", "recall"
		tr.PreMsgID = c.sent[g.r.IntN(len(c.sent))]
		m["revoke"] = map[string]any{"pre_msgid": tr.PreMsgID}
	} else if g.cur != nil {
		tr.Media, tr.Labels = g.scenarioBody(*g.cur, m), g.cur.labels
		c.sent = append(c.sent, msgid)
	} else {
		tr.Media = g.body(t, m, c, from)
		tr.Labels = g.ordinaryTruth(t)
		c.sent = append(c.sent, msgid)
	}
	g.add(m, tr)
}

func (g *gen) add(m map[string]any, tr Truth) {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // generator bug: every value is JSON-encodable
	}
	tr.Seq = g.a.Add(tr.MsgID, tr.PublicKeyVer, b)
	if len(tr.Labels) > 0 {
		g.a.addLabels(tr.MsgID, tr.MsgType, tr.Labels)
	}
	g.truth = append(g.truth, tr)
}

// media registers bytes under a new sdkfileid and returns it with its md5.
func (g *gen) media(data []byte) (string, string) {
	g.mediaNo++
	id := fmt.Sprintf("SIMFILE%06d%016x", g.mediaNo, g.r.Uint64())
	g.a.AddMedia(id, data)
	return id, md5hex(data)
}
