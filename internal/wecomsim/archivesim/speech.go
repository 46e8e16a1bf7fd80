package archivesim

// What the generated voice messages and call recordings "say". The audio
// bytes are synthetic (random AMR frames, silent MP3), so the words live
// here: the simulator's speech-to-text stand-in answers with the script of
// the audio it is sent (see package speechsim).

// voiceScripts are short voice notes between representatives and doctors.
// Some words (依从性, 冷链, 胰岛素笔) appear in no text message, so a search
// for them finds only transcripts.
var voiceScripts = []string{
	"王主任，您上次问的那个病人用药依从性的问题，我们整理了一份患者随访表，明天给您送过去。",
	"李大夫您好，样品这周五前到科室，是冷链运输，收到后请放冰箱冷藏。",
	"张教授，下周二的病例讨论会改到下午三点了，地点还在学术报告厅。",
	"刚才那位患者说注射部位有点红肿，我这边会按流程在二十四小时内上报不良事件。",
	"陈主任，新版胰岛素笔的使用培训资料我发您邮箱了，有问题随时找我。",
	"好的，我跟医学部确认一下这个适应症的数据，确认后再回复您，不能超说明书介绍。",
	"赵大夫，科室会的签到表和课件我已经准备好了，麻烦您提前十分钟到场。",
	"刘主任，这个月的处方量我们统计出来了，整体依从性比上个月好一些。",
}

// callScripts are the gist of recorded voice calls.
var callScripts = []string{
	"钱主任您好，我是华康医药的代表，今天主要想跟您沟通一下三期临床数据和冷链配送安排。",
	"主任，关于上周那例疑似不良反应，我们药物警戒部门已经在跟进，需要您补充一下患者的用药时间。",
	"这次学术会议的议程已经定了，您的报告安排在上午第二场，时长二十分钟。",
}

// Spoken is one generated audio file and what it says.
type Spoken struct {
	FileID string // sdkfileid
	Audio  []byte // the file as served (AMR or MP3)
	Text   string
}

// addSpoken records what the audio of sdkfileid says.
func (a *Archive) addSpoken(sdkfileid, text string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.spoken = append(a.spoken, Spoken{FileID: sdkfileid, Audio: a.media[sdkfileid], Text: text})
}

// Spoken returns the generated audio files with their scripts, in the
// order they were generated. Archives loaded from JSONL have none.
func (a *Archive) Spoken() []Spoken {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return append([]Spoken(nil), a.spoken...)
}

// script picks a script by message number, without drawing from the
// generator's random stream (so adding scripts shifts no other content).
func (g *gen) script(lines []string) string { return lines[g.seqNo%len(lines)] }
