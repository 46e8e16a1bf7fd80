package detect

import (
	"strings"
	"testing"
)

// TestEventReading: the ae, bribery and pii mechanisms behind blind21's
// fixes, on sentences of their own, so that each fails when its class is
// removed (every "want" differs from what the detector said before them).
func TestEventReading(t *testing.T) {
	d := detectorFor(t, "testdata/generalise/products8.yaml")
	for _, tc := range []struct {
		name string
		in   Input
		want string
	}{
		// ae: a disease name is an event only when read as one ("(guard)" cases
		// pass on the old code too and keep the new mechanisms from over-reaching)
		{"diagnosis right after a name is not an event", Input{Text: "周丽萍 哮喘 身份证号码麻烦线下给我，他要申请援助", Speaker: "hcp"}, "pii"},
		{"diagnosis in parentheses after a name", Input{Text: "吴国强（慢阻肺）家属说他下周来复查", Speaker: "rep"}, "pii"},
		{"diagnosis in a de-identified case header", Input{Text: "患者，女，72岁，肺炎，芬伽维在用", Speaker: "hcp"}, ""},
		{"a disease in the history is not an event", Input{Text: "他既往有脑梗，现在吃露妮莎的是他女儿", Speaker: "hcp"}, ""},
		{"a disease name followed by a topic word", Input{Text: "下周给您送带状疱疹防治手册，患者可以带回家看", Speaker: "rep"}, ""},
		{"a disease name as a risk claim", Input{Text: "Brezora 心梗风险不高，老病人放心用", Speaker: "rep"}, ""},
		{"a disease name as a department", Input{Text: "那位病人转到感染科去了，芬伽维停了", Speaker: "hcp"}, ""},
		{"an indication cue before a disease name", Input{Text: "I use Nuopianan for tension headache in one of my patients", Speaker: "hcp"}, ""},
		{"an onset cue makes the disease name an event (guard)", Input{Text: "那个病人吃了癫静平后出现肺炎，住了一周", Speaker: "hcp"}, "ae"},
		{"an onset before a population suffix", Input{Text: "上次那个用布瑞舒起荨麻疹的病人，资料我放您桌上了", Speaker: "rep"}, "ae"},
		{"a patient who never opened the product", Input{Text: "那个阿姨说吃芬伽维头晕，后来才知道药根本没拆封", Speaker: "hcp"}, ""},
		// ae: events in forms the lexicon does not list
		{"a lab value that moved", Input{Text: "The lady on Fungavex, her INR hit 6.2 yesterday", Speaker: "hcp"}, "ae"},
		{"a case the rep asks not to report", Input{Text: "那个打诺偏安的老太太的事您先别上报，我们内部处理", Speaker: "rep"}, "ae"},
		// bribery: per-unit payments and indirect phrasing
		{"per-script payment in English", Input{Text: "For every prescription of Lunessa you'll earn 30 yuan on top", Speaker: "rep"}, "bribery"},
		{"per-patient enrolment fee", Input{Text: "换成肝泰韦的病人每例五百，月底一起结", Speaker: "rep"}, "bribery"},
		{"indirect: a small token", Input{Text: "这次您帮了大忙，我意思一下，别推辞", Speaker: "rep"}, "bribery"},
		{"a standing arrangement beside money (guard)", Input{Text: "老规矩，每盒十五返给您，月底结", Speaker: "rep"}, "bribery"},
		{"a standing arrangement for a meeting is not bribery", Input{Text: "老规矩，周五下午科室会，我带投影仪", Speaker: "rep"}, ""},
		{"number is not numbness", Input{Text: "Mrs. Li on Brezora, her daughter's number is 139 0000 1234", Speaker: "hcp"}, "pii"},
		{"a contracted per-case fee is not bribery (guard)", Input{Text: "研究随访每例三百元，按合同和服务确认单由财务支付", Speaker: "rep"}, ""},
		{"a per-box price the patient pays is not bribery (guard)", Input{Text: "每盒二十八片，自费一个月大概四百", Speaker: "rep"}, ""},
		{"a per-patient cost out of pocket is not bribery (guard)", Input{Text: "Each patient pays about 200 yuan a month for Brezora out of pocket", Speaker: "rep"}, ""},
		{"an in-policy meal per head is not bribery (guard)", Input{Text: "科室会午餐每人五十元以内，按公司标准", Speaker: "rep"}, ""},
		// pii: names in contexts the surname rule used to skip
		{"a name after 把 with a diagnosis", Input{Text: "麻烦把黄春梅的乙肝随访记录发我", Speaker: "hcp"}, "pii"},
		{"a name with a parenthetical diagnosis, anywhere", Input{Text: "核对一下陶春兰（乙肝）的随访表", Speaker: "rep"}, "pii"},
		{"a masked name is not a name (guard)", Input{Text: "患者李*芳，乙肝，肝泰韦吃了半年，指标都好", Speaker: "hcp"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := d.Classify(tc.in)
			checkResult(t, tc.in.Text, res)
			if got := strings.Join(res.Labels, ","); got != tc.want {
				var hs []string
				for _, h := range res.Hits {
					hs = append(hs, h.Label+"/"+h.Rule+" "+h.Text)
				}
				t.Fatalf("labels = %q, want %q (hits %s)", got, tc.want, strings.Join(hs, "; "))
			}
		})
	}
}
