package archivesim

// The demo's fictional product catalog as the generated conversations use
// it (testdata/monitoring/demo-products.yaml holds the same facts in the
// catalog schema). Every name is invented; none is a real medicine.
type demoProduct struct {
	names    []string // name first, then aliases, pinyin, typos
	offUses  []string // zh uses outside the label
	offEn    []string
	maxDose  int // mg a day; 0: no mg dose
	unit     int // tablet strength, mg
	diagnose string
}

var demoProducts = []demoProduct{
	{names: []string{"安立舒", "Anlishu", "ALS", "安立书"}, offUses: []string{"骨科术后预防血栓", "机械瓣膜置换后抗凝", "儿童静脉血栓"},
		offEn: []string{"post-op orthopaedic prophylaxis", "mechanical heart valves"}, maxDose: 20, unit: 20, diagnose: "房颤"},
	{names: []string{"Glyvessa", "格莱维", "GVS", "Glyvesa"}, offUses: []string{"单纯减肥", "1型糖尿病", "多囊卵巢综合征"},
		offEn: []string{"weight loss without diabetes", "type 1 diabetes"}, maxDose: 10, unit: 10, diagnose: "2型糖尿病"},
	{names: []string{"沃瑞替尼", "Woruitini", "WRT", "沃锐替尼"}, offUses: []string{"结直肠癌", "术后辅助治疗", "EGFR野生型肺癌"},
		offEn: []string{"colorectal cancer", "adjuvant use after surgery"}, maxDose: 80, unit: 80, diagnose: "非小细胞肺癌"},
	{names: []string{"思诺眠", "Sinuomian", "Somnira", "思若眠"}, offUses: []string{"青少年失眠", "焦虑症", "戒酒辅助"},
		offEn: []string{"teenagers with insomnia", "anxiety"}, maxDose: 10, unit: 5, diagnose: "失眠"},
	{names: []string{"德美薇", "Dermavia", "DMV", "德美微"}, offUses: []string{"银屑病", "5岁孩子的湿疹", "封包治疗"},
		offEn: []string{"psoriasis", "eczema in toddlers"}, diagnose: "特应性皮炎"},
}

var (
	aeEventsZh = []string{"牙龈出血止不住", "全身起了红疹", "转氨酶升到三百多", "昏倒后送急诊住院了", "呼吸困难进了ICU",
		"吃完就吐，连续三天", "血糖低到2.8", "间质性肺炎复发", "头晕到站不稳摔了一跤", "黑便两次"}
	aeEventsEn = []string{"a severe rash", "gum bleeding that would not stop", "liver enzymes three times the upper limit",
		"fainted and was admitted to hospital", "ketoacidosis"}
	honorifics = []string{"王主任", "李医生", "陈教授", "刘大夫", "周主任", "孙老师", "赵医生"}
	enDoctors  = []string{"Dr. Wang", "Dr. Chen", "Dr. Liu", "Prof. Zhou"}
	ptNames    = []string{"张秀英", "李建国", "王桂兰", "刘德明", "陈淑芬", "杨志强", "黄美玲", "吴海涛"}
	addresses  = []string{"浦东新区张杨路1288弄5号302室", "朝阳区望京西园三区12号楼601", "天河区体育东路77号2栋1104", "武侯区玉林南路9号4单元"}
)

// A scenario is a short exchange between the rep (side 0) and the customer
// (side 1). Texts hold slots filled per use: {P} product name form, {H}
// honorific, {D} doctor (en), {A} age, {E}/{EE} event zh/en, {U}/{UE}
// off-label use zh/en, {X} dose above the label, {N} boxes, {M} money, {PT}
// patient name, {DX} diagnosis, {BED}, {MRN}, {TEL}, {ID}, {ADDR}.
type scenario []step

type step struct {
	side   int    // 0 rep, 1 customer
	kind   string // text, voice, file, chatrecord, redpacket, mixed
	text   string // content, transcript, file name, or chat-record item
	labels []string
}

func st(side int, kind, text string, labels ...string) step {
	return step{side: side, kind: kind, text: text, labels: labels}
}

var scenarios = []scenario{
	// Adverse events: told by the HCP, relayed by the rep, in a voice note, in English.
	{st(1, "text", "{H}那边有个{A}岁的病人用{P}两周后{E}，这个你们要登记吗？", "ae"),
		st(0, "text", "要的，我这就按流程转给药物警戒同事，稍后他们会联系您补充信息。")},
	{st(0, "voice", "刚跟{H}通完电话他说有个老病人换了{P}以后{E}现在还在观察", "ae"),
		st(1, "text", "对，家属也挺着急的。")},
	{st(1, "text", "上次那个{A}岁女患者，{P}吃了一个月，{E}。", "ae"),
		st(0, "text", "收到主任，我们今天就上报，麻烦您发一下用药起止时间。")},
	{st(1, "text", "{D}: one of my patients on {P} had {EE} last week. Is that expected?", "ae"),
		st(0, "text", "Thank you, doctor. I will pass this to our safety team today; they may call you for details.")},
	{st(1, "text", "有个孕妇不知道自己怀孕一直在吃{P}，现在孕12周，需要怎么处理？", "ae")},
	{st(1, "text", "药房把{P}发错了规格，病人按两片吃了三天，{E}。", "ae")},
	// Off-label promotion by the rep, or shown by the HCP.
	{st(0, "text", "{H}，{P}用在{U}其实效果也挺好的，好几位主任都在这么用。", "offlabel"),
		st(1, "text", "哦？有数据吗？")},
	{st(0, "text", "{P}一天吃{X}mg也没问题，效果会更明显，您放心加量。", "offlabel")},
	{st(1, "text", "你上回说{P}{U}也能用，我有个病人想试试。", "offlabel"),
		st(0, "text", "这个我回头发您资料。")},
	{st(0, "text", "{D}, {P} also works well for {UE}; quite a few KOLs use it that way.", "offlabel")},
	{st(1, "text", "{P}能用在{U}吗？"),
		st(0, "text", "这个超出说明书范围了，我帮您转医学部，由医学同事正式回复您。")},
	// Improper transfers of value: red packets, rebates, cards, travel.
	{st(0, "text", "{H}，这个月{P}开满{N}盒，每盒给您返{M}元。", "bribery"),
		st(1, "text", "行，月底对一下数。")},
	{st(0, "text", "一点心意请笑纳，谢谢主任一直支持我们{P}。", "bribery"),
		st(0, "redpacket", "小小心意，请笑纳", "bribery")},
	{st(1, "text", "上次说好的处方量那笔钱什么时候到账？", "bribery")},
	{st(0, "text", "给您准备了一张{M}元的购物卡，明天送到科室。", "bribery")},
	{st(0, "file", "主任及家属三亚学术考察行程（费用全包）.docx", "bribery"),
		st(0, "text", "行程单发您了，机票酒店我们都订好了。", "bribery")},
	{st(0, "text", "讲课费按合同走，服务确认单和签到表已经交给合规了。"),
		st(1, "text", "好的，收到。")},
	{st(1, "text", "红包我就不收了，你退回去吧，按规定来。")},
	// Patient personal information.
	{st(1, "text", "患者{PT}，{DX}，住院号{MRN}，{BED}床，家属电话{TEL}，麻烦安排一下随访。", "pii"),
		st(0, "text", "好的主任，患者信息请走医院系统，微信里别发了。")},
	{st(1, "chatrecord", "患者{PT} 身份证号{ID} 想申请{P}患者援助项目", "pii")},
	{st(1, "text", "病人住在{ADDR}，样品能直接寄过去吗？", "pii")},
	{st(1, "text", "病人{PT}用{P}后{E}，电话{TEL}。", "ae", "pii")},
	// Ordinary but close: no event, HCP's own phone.
	{st(1, "text", "用了{P}三个月，病人复查都正常，没有出现出血。"),
		st(0, "text", "太好了，谢谢主任反馈。")},
	{st(1, "text", "我办公室电话是021-6400-0000，有事打这个。")},
}

// ordinaryLabels is the ground truth of the everyday scripts (speech.go,
// bodies.go) that a reviewer would also flag.
func ordinaryLabels(text string) []string {
	switch text {
	case voiceScripts[3], callScripts[1]:
		return []string{"ae"}
	}
	return nil
}
