package detect

import (
	"strings"
	"testing"
)

// TestEventReading: the ae, bribery and pii mechanisms behind blind21's
// and blind22's fixes, on sentences of their own, so that each fails when its class is
// removed (every "want" differs from what the detector said before them).
func TestEventReading(t *testing.T) {
	runReadings(t, "testdata/generalise/products8.yaml", []reading{
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
	})
	// blind22's fixes, on products9 (one product approved for weight
	// management, one for gout, the others for something else)
	runReadings(t, "testdata/generalise/products9.yaml", []reading{
		// ae: the intended effect of an approved use is not an event
		{"weight loss on a weight-management product", Input{Text: "那位大姐打维纤妥两个月瘦了6斤，胃口小了很多", Speaker: "hcp"}, ""},
		{"weight loss on a product approved for something else (guard)", Input{Text: "那位大姐吃舒悦宁两个月瘦了6斤，胃口小了很多", Speaker: "hcp"}, "ae"},
		{"uric acid falling on a gout product", Input{Text: "那个老爷子用优力克半年，尿酸从520降到340", Speaker: "hcp"}, ""},
		{"uric acid falling on another product stays a lab event (guard)", Input{Text: "那个老爷子用舒悦宁半年，尿酸从520降到340", Speaker: "hcp"}, "ae"},
		{"an effect right after the product", Input{Text: "那个病人用优力克以后尿酸降到300", Speaker: "hcp"}, ""},
		{"an event beside the effect still counts (guard)", Input{Text: "那个病人用优力克以后尿酸降到300，但是肝酶升高了", Speaker: "hcp"}, "ae"},
		{"the product named in the context decides", Input{Text: "She's lost 5 kg since the second shot", Speaker: "hcp", Context: []string{"My patient started Veltira last month"}}, ""},
		// ae: retraction, a quantified patient, a used-up supply, a positive outcome
		{"the reporter takes the case back", Input{Text: "上次说那个阿姨吃佳胃诺起疹子，是我记错了，她一直挺好", Speaker: "hcp"}, ""},
		{"the same case going on (guard)", Input{Text: "上次说那个阿姨吃佳胃诺起疹子，昨天又加重了", Speaker: "hcp"}, "ae"},
		{"any patient is the reporting duty, not a case", Input{Text: "任何病人用维纤妥后出现呕吐，都请第一时间告诉我", Speaker: "rep"}, ""},
		{"a specific patient with the same words (guard)", Input{Text: "那个病人用维纤妥后出现呕吐，请第一时间告诉我", Speaker: "rep"}, "ae"},
		{"a supply used up is not an after-exposure", Input{Text: "那个老太太的佳胃诺吃完了，麻烦再开两盒", Speaker: "hcp"}, ""},
		{"an event right after taking it (guard)", Input{Text: "那个老太太佳胃诺吃完就吐", Speaker: "hcp"}, "ae"},
		{"contrast with a good outcome", Input{Text: "那个老爷子换了福喜星反而见效快", Speaker: "hcp"}, ""},
		{"contrast with a worse outcome (guard)", Input{Text: "那个老爷子换了福喜星反而咳得更厉害", Speaker: "hcp"}, "ae"},
		{"tarry stools", Input{Text: "My patient on Gastrilo has had tarry stools since Monday", Speaker: "hcp"}, "ae"},
		{"self-harm thoughts", Input{Text: "那个女生吃舒悦宁以后总想伤害自己", Speaker: "hcp"}, "ae"},
		{"the reporter as the patient", Input{Text: "I have been on Gastrilo myself and get calf cramps every night", Speaker: "hcp"}, "ae"},
		{"the reporter with nothing happening (guard)", Input{Text: "I have been on Gastrilo myself, no cramps or anything", Speaker: "hcp"}, ""},
		// bribery: bare amounts, volume and reward gaps, masks and declines
		{"a bare amount after a payee", Input{Text: "每位患者给您300，月底一起结", Speaker: "rep"}, "bribery"},
		{"a count after a payee is not money (guard)", Input{Text: "每位患者给您20份问卷，月底一起交回", Speaker: "rep"}, ""},
		{"a bare amount after a per-head phrase", Input{Text: "说好的一个人400，名单我晚点发你", Speaker: "hcp"}, "bribery"},
		{"a per-head time is not money (guard)", Input{Text: "复诊的一个人20分钟，名单我晚点发你", Speaker: "hcp"}, ""},
		{"per-box rebate asked for", Input{Text: "这个月红立生我开了多少盒你清楚，按盒返的那部分什么时候给", Speaker: "hcp"}, "bribery"},
		{"boxes without a reward (guard)", Input{Text: "这个月红立生我开了多少盒你查一下系统，库存不够了", Speaker: "hcp"}, ""},
		{"a 'thank-you' tied to scripts", Input{Text: "You promised a 'thank-you' once my scripts for Menovia passed 50", Speaker: "hcp"}, "bribery"},
		{"a plain thank you (guard)", Input{Text: "Thank you, my scripts for Menovia are in the system", Speaker: "hcp"}, ""},
		{"a holiday as a time", Input{Text: "We can meet after the holiday, the ward is too busy now", Speaker: "hcp"}, ""},
		{"a holiday as a gift (guard)", Input{Text: "We would like to fly you to Bali for a holiday after the congress", Speaker: "rep"}, "bribery"},
		{"a phone call is not a transfer", Input{Text: "药到了我给您打电话", Speaker: "rep"}, ""},
		{"a transfer with an amount (guard)", Input{Text: "药到了我给您打过去两千", Speaker: "rep"}, "bribery"},
		{"a gift declined as against policy", Input{Text: "Sorry, I can't offer you gift cards, that's against company policy", Speaker: "rep"}, ""},
		{"a gift offered (guard)", Input{Text: "I can offer you gift cards if the numbers go up", Speaker: "rep"}, "bribery"},
		{"the company's own expense process", Input{Text: "报销流程改了，会议场地费要先走OA再付给酒店", Speaker: "rep"}, ""},
		{"a hotel paid for the HCP (guard)", Input{Text: "您和爱人的酒店我们来订，不用走流程", Speaker: "rep"}, "bribery"},
		// pii: own contact lists, outpatient numbers
		{"an own-contact cue covers the list", Input{Text: "我科室座机020-3888 1234，手机139 0000 5678，周末也可以", Speaker: "hcp"}, ""},
		{"a patient's relative breaks the list (guard)", Input{Text: "我科室座机020-3888 1234，病人女儿手机139 0000 5678", Speaker: "hcp"}, "pii"},
		{"an own-contact list in English", Input{Text: "My office line is 010-6612 3456, mobile 139 0000 1111, email me anytime", Speaker: "hcp"}, ""},
		{"an own office phone, a relative's mobile (guard)", Input{Text: "My office line is 010-6612 3456; the patient's daughter is on 139 0000 1111", Speaker: "hcp"}, "pii"},
		{"an outpatient number in English", Input{Text: "Outpatient no. OP5528193 is the boy on Tonggaoning", Speaker: "hcp"}, "pii"},
		{"talking about outpatient numbers (guard)", Input{Text: "Outpatient numbers go on the form, not in chat", Speaker: "hcp"}, ""},
	})
}

type reading struct {
	name string
	in   Input
	want string
}

func runReadings(t *testing.T, catalog string, cases []reading) {
	t.Helper()
	d := detectorFor(t, catalog)
	for _, tc := range cases {
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
