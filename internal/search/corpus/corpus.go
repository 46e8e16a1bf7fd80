// Package corpus generates random Chinese rep–HCP messages for the search
// recall tests and benchmarks (deterministic per seed). Gen streams them,
// so a benchmark can load ten million without holding them in memory.
package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"wecomadmin/internal/store"
)

// Version changes whenever the generated text changes, so benchmark
// databases cached by size are rebuilt.
const Version = 3

// RareTerm is planted in about one message in 50,000: the "rare term" of
// the benchmarks' query set.
const RareTerm = "奥希替尼耐药"

var phrases = []string{
	"王医生您好", "李主任", "张教授", "陈院长", "刘药师", "关于药物不良反应的报告", "学术会议通知", "下周二下午",
	"门诊时间", "患者随访", "临床试验入组", "说明书更新", "请查收资料", "医保目录", "剂量调整", "肝功能异常", "皮疹",
	"谢谢", "好的", "收到", "明天见", "肿瘤科", "心内科", "内分泌科", "呼吸科", "降压药", "胰岛素", "二甲双胍",
	"疫苗接种", "不良事件上报", "样品申请", "病例讨论", "讲课费", "会议", "药", "靶向治疗", "二期数据", "三期临床",
	"安全性", "有效率", "复查", "处方", "ＰＤ－１抑制剂", "ＣＴ报告", "微信群", "发票", "差旅", "请问您方便吗",
	"这个病人的情况", "血糖控制不理想", "用药依从性", "指南推荐", "文献已发您邮箱", "科室会", "继续教育学分",
	"患者反馈头晕", "建议减量", "停药观察", "化疗方案", "免疫治疗", "耐药", "联合用药", "一线治疗", "二线治疗",
	"入院", "出院", "随访结果", "影像学评估", "肿瘤缩小", "副作用", "恶心呕吐", "白细胞减少", "骨髓抑制",
	"医院药事会", "进院", "招标", "采购", "库存", "配送", "药房", "病房", "查房", "主任办公室", "线上直播",
	"会议室", "幻灯片", "讲者", "签到", "合规", "讲课", "培训", "考核", "您辛苦了", "周末愉快", "新年快乐",
}

var words = []string{"meeting", "adverse", "event", "dose", "trial", "PD-1", "EGFR", "ppt", "OK", "slides", "CME",
	"Zoom", "iPhone", "PDF", "email", "ALK", "HER2", "CT", "MRI", "follow-up", "protocol", "ABC"}

var msgTypes = []string{"text", "text", "text", "text", "text", "text", "text", "text", "file", "link"}

// Config shapes a corpus: corps share the employees round-robin, each
// employee talks to a handful of external contacts and groups.
type Config struct {
	Seed      uint64
	Corps     []string
	Employees int   // across all corps
	Start     int64 // msgtime of the first message, ms
	Step      int64 // mean gap between messages, ms (0: 550, about two months for ten million)
}

// Gen yields messages in archive order (seq and msgtime increasing).
type Gen struct {
	c     Config
	r     *rand.Rand
	t     int64
	i     int
	seq   map[string]int64
	words vocab
}

// New starts a generator.
func New(c Config) *Gen {
	if len(c.Corps) == 0 {
		c.Corps = []string{"wwbench"}
	}
	c.Employees = max(c.Employees, 1)
	r := rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15))
	return &Gen{c: c, r: r, t: c.Start, seq: map[string]int64{}, words: newVocab(r)}
}

// Next returns the next message.
func (g *Gen) Next() store.Message {
	r := g.r
	e := r.IntN(g.c.Employees)
	corp := g.c.Corps[e%len(g.c.Corps)]
	emp := "e" + strconv.Itoa(e)
	ct := "wm" + strconv.Itoa(e*5+r.IntN(5)) // each employee has a few contacts
	if g.c.Step > 0 {
		g.t += g.c.Step/2 + r.Int64N(g.c.Step+1)
	} else {
		g.t += int64(200 + r.IntN(700))
	}
	g.seq[corp]++
	m := store.Message{CorpID: corp, MsgID: corp + "-m" + strconv.Itoa(g.i), Seq: g.seq[corp], Action: "send",
		MsgType: msgTypes[r.IntN(len(msgTypes))], MsgTime: g.t}
	g.i++
	if r.IntN(8) == 0 { // a group chat of the employee's contacts
		m.RoomID = "wr" + strconv.Itoa(e) + "x" + strconv.Itoa(r.IntN(3))
		m.From, m.ToList, m.ConversationID = emp, `["`+ct+`","wm`+strconv.Itoa(e*5+(r.IntN(5)))+`"]`, m.RoomID
	} else {
		from, to := emp, ct
		if r.IntN(2) == 0 {
			from, to = ct, emp
		}
		m.From, m.ToList, m.ConversationID = from, `["`+to+`"]`, emp+"|"+ct
	}
	m.Content = g.text(m.MsgType)
	return m
}

func (g *Gen) text(msgtype string) string {
	switch msgtype {
	case "file":
		return g.words.phrase() + "_" + g.words.word() + ".pdf"
	case "link":
		return g.words.phrase() + " " + g.words.word() + " https://mp.weixin.qq.com/s/x" + strconv.Itoa(g.r.IntN(1000))
	}
	s := g.words.text(g.r)
	if g.r.IntN(50_000) == 0 {
		s += RareTerm
	}
	return s
}

// Messages returns n text messages for corp, employees e0..e(emps-1) and
// contacts, newest last, one every few seconds from start (ms).
func Messages(seed uint64, corpID string, n, emps int, start int64) []store.Message {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]store.Message, 0, n)
	t := start
	for i := range n {
		emp := "e" + strconv.Itoa(r.IntN(max(emps, 1)))
		ct := "wm" + strconv.Itoa(r.IntN(max(emps, 1)*5))
		from, to := emp, ct
		if r.IntN(2) == 0 {
			from, to = ct, emp
		}
		conv := min(emp, ct) + "|" + max(emp, ct)
		t += int64(1000 + r.IntN(5000))
		out = append(out, store.Message{CorpID: corpID, MsgID: corpID + "-m" + strconv.Itoa(i), Seq: int64(i + 1), Action: "send",
			MsgType: "text", From: from, ToList: `["` + to + `"]`, ConversationID: conv, MsgTime: t, Content: Text(r)})
	}
	return out
}

// Text is one message body: a few phrases, sometimes an English word or a
// phone number.
func Text(r *rand.Rand) string {
	var b strings.Builder
	for k := 1 + r.IntN(4); k > 0; k-- {
		switch x := r.IntN(10); {
		case x < 7:
			b.WriteString(phrases[r.IntN(len(phrases))])
		case x < 9:
			b.WriteString(" " + words[r.IntN(len(words))] + " ")
		default:
			writePhone(&b, r)
		}
		if r.IntN(3) == 0 {
			b.WriteString("，")
		}
	}
	return b.String()
}
