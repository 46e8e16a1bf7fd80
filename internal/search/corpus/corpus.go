// Package corpus generates random Chinese rep–HCP messages for the search
// recall tests and benchmarks (deterministic per seed).
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"wecomadmin/internal/store"
)

var phrases = []string{
	"王医生您好", "李主任", "关于药物不良反应的报告", "学术会议通知", "下周二下午", "门诊时间", "患者随访",
	"临床试验入组", "说明书更新", "请查收资料", "医保目录", "剂量调整", "肝功能异常", "皮疹", "谢谢", "好的",
	"收到", "明天见", "肿瘤科", "心内科", "降压药", "胰岛素", "疫苗接种", "不良事件上报", "样品申请",
	"病例讨论", "讲课费", "会议", "药", "靶向治疗", "二期数据", "安全性", "有效率", "复查", "处方",
	"ＰＤ－１抑制剂", "ＣＴ报告", "微信群", "发票", "差旅",
}
var words = []string{"meeting", "adverse", "event", "dose", "trial", "PD-1", "EGFR", "ppt", "OK", "slides", "CME", "Zoom"}

// Messages returns n text messages for corp, employees e0..e(emps-1) and
// contacts, newest last, one every few seconds from start (ms).
func Messages(seed uint64, corpID string, n, emps int, start int64) []store.Message {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]store.Message, 0, n)
	t := start
	for i := range n {
		emp := fmt.Sprintf("e%d", r.IntN(max(emps, 1)))
		ct := fmt.Sprintf("wm%d", r.IntN(max(emps, 1)*5))
		from, to := emp, ct
		if r.IntN(2) == 0 {
			from, to = ct, emp
		}
		conv := min(emp, ct) + "|" + max(emp, ct)
		t += int64(1000 + r.IntN(5000))
		out = append(out, store.Message{CorpID: corpID, MsgID: fmt.Sprintf("%s-m%d", corpID, i), Seq: int64(i + 1), Action: "send",
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
			fmt.Fprintf(&b, "电话1%02d%08d", 30+r.IntN(60), r.IntN(100000000))
		}
		if r.IntN(3) == 0 {
			b.WriteString("，")
		}
	}
	return b.String()
}
