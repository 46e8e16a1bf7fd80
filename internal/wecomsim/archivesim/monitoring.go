package archivesim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// DefaultMonitoringRate is the share of message slots that start a
// compliance scenario in the simulator's archive (sim and demo): a few
// percent of the traffic, so the review queue has work without drowning
// the ordinary conversation.
const DefaultMonitoringRate = 0.05

// Labelled is one message's monitoring ground truth.
type Labelled struct {
	MsgID   string   `json:"msgid"`
	MsgType string   `json:"msgtype"` // the carrier: text, voice (transcript), file (name), chatrecord, redpacket...
	Labels  []string `json:"labels"`
}

// pendingStep is a scenario step waiting for its message slot.
type pendingStep struct {
	step
	conv *conv
	text string // slots filled
}

// monitoring decides, for one ordinary slot, whether a scenario starts
// there and queues its steps. Its own random stream keeps the ordinary
// content of a seed unchanged by the rate.
func (g *gen) startScenario() {
	if g.opts.Monitoring <= 0 || g.mr.Float64() >= g.opts.Monitoring {
		return
	}
	c := g.customerConv()
	if c == nil {
		return
	}
	sc := scenarios[g.mr.IntN(len(scenarios))]
	fill := g.slotFiller()
	for _, s := range sc {
		g.pending = append(g.pending, pendingStep{step: s, conv: c, text: fill(s.text)})
	}
}

// customerConv picks a conversation between an employee and a customer.
func (g *gen) customerConv() *conv {
	var out []*conv
	for _, c := range g.convs {
		if c.roomid != "" || strings.HasPrefix(c.members[1], "wm") {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out[g.mr.IntN(len(out))]
}

// sender is the party of side (0 the employee, 1 a customer) in c.
func (p pendingStep) sender() string {
	if p.side == 0 {
		return p.conv.members[0]
	}
	for _, m := range p.conv.members[1:] {
		if strings.HasPrefix(m, "wm") {
			return m
		}
	}
	return p.conv.members[len(p.conv.members)-1]
}

// slotFiller fixes one product and one patient for a scenario, so its
// messages tell one story, and returns the template filler.
func (g *gen) slotFiller() func(string) string {
	r := g.mr
	p := demoProducts[r.IntN(len(demoProducts))]
	name := p.names[0]
	if r.IntN(3) == 0 { // pinyin, abbreviation or typo now and then
		name = p.names[1+r.IntN(len(p.names)-1)]
	}
	over := 2 * max(p.maxDose, 10)
	if p.unit > 0 {
		over = p.unit * (2 + r.IntN(2))
		for over <= p.maxDose {
			over += p.unit
		}
	}
	vals := map[string]string{
		"{P}": name, "{H}": oneOf(r, honorifics), "{D}": oneOf(r, enDoctors),
		"{A}": fmt.Sprint(35 + r.IntN(50)), "{E}": oneOf(r, aeEventsZh), "{EE}": oneOf(r, aeEventsEn),
		"{U}": oneOf(r, p.offUses), "{UE}": oneOf(r, p.offEn), "{X}": fmt.Sprint(over),
		"{N}": fmt.Sprint(20 * (1 + r.IntN(5))), "{M}": fmt.Sprint(100 * (2 + r.IntN(19))),
		"{PT}": oneOf(r, ptNames), "{DX}": p.diagnose, "{BED}": fmt.Sprint(1 + r.IntN(48)),
		"{MRN}": fmt.Sprintf("ZY%08d", r.IntN(100000000)), "{TEL}": fmt.Sprintf("1%02d0000%04d", 30+r.IntN(60), r.IntN(10000)),
		"{ID}": residentID(r), "{ADDR}": oneOf(r, addresses),
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range slices.Backward(keys) { // {EE} before {E}, {PT} before {P}
		pairs = append(pairs, k, vals[k])
	}
	rep := strings.NewReplacer(pairs...)
	return rep.Replace
}

func oneOf(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

// residentID is a made-up PRC resident ID with a valid ISO 7064 MOD 11-2
// check digit.
func residentID(r *rand.Rand) string {
	body := fmt.Sprintf("310104%04d%02d%02d%03d", 1940+r.IntN(60), 1+r.IntN(12), 1+r.IntN(28), r.IntN(1000))
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range body {
		sum += int(c-'0') * weights[i]
	}
	return body + string("10X98765432"[sum%11])
}

// scenarioBody fills m for a scenario step and returns its sdkfileids.
func (g *gen) scenarioBody(p pendingStep, m map[string]any) []string {
	switch m["msgtype"] {
	case "voice":
		data := AMR(g.r, 3+len([]rune(p.text))/8)
		id, sum := g.media(data)
		g.a.addSpoken(id, p.text)
		m["voice"] = map[string]any{"sdkfileid": id, "md5sum": sum, "voice_size": len(data), "play_length": 3 + len([]rune(p.text))/8}
		return []string{id}
	case "file":
		data := DOCX(p.text)
		id, sum := g.media(data)
		m["file"] = map[string]any{"filename": p.text, "fileext": extOf(p.text), "filesize": len(data), "sdkfileid": id, "md5sum": sum}
		return []string{id}
	case "redpacket", "external_redpacket":
		m["redpacket"] = map[string]any{"type": 1, "wish": p.text, "totalcnt": 1, "totalamount": 20000 + 10000*g.mr.IntN(10)}
	case "chatrecord":
		items := []map[string]any{
			{"type": "ChatRecordText", "msgtime": g.now.Unix() - 900, "content": jsonString(map[string]any{"content": "转发一下之前的聊天"}), "from_chatroom": false},
			{"type": "ChatRecordText", "msgtime": g.now.Unix() - 600, "content": jsonString(map[string]any{"content": p.text}), "from_chatroom": false},
		}
		m["chatrecord"] = map[string]any{"title": "聊天记录", "item": items}
	default:
		m["text"] = map[string]any{"content": p.text}
	}
	return nil
}

// scenarioType is the msgtype a step is archived as.
func (g *gen) scenarioType(p pendingStep) string {
	switch {
	case p.kind == "redpacket" && p.side == 0 && strings.HasPrefix(p.conv.members[1], "wm"):
		return "external_redpacket"
	case g.opts.TextOnly && p.kind != "redpacket":
		return "text"
	}
	return p.kind
}

// Labels returns the monitoring ground truth of every message that
// carries a label, in archive order.
func (a *Archive) Labels() []Labelled {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return append([]Labelled(nil), a.labels...)
}

func (a *Archive) addLabels(msgid, msgtype string, labels []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.labels = append(a.labels, Labelled{MsgID: msgid, MsgType: msgtype, Labels: labels})
}

// ordinaryTruth labels the everyday messages of msgtype t whose script a
// reviewer would flag (the generator picks scripts by message number).
func (g *gen) ordinaryTruth(t string) []string {
	switch t {
	case "voice":
		return ordinaryLabels(g.script(voiceScripts))
	case "meeting_voice_call":
		return ordinaryLabels(g.script(callScripts))
	}
	return nil
}
