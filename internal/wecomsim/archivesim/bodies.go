package archivesim

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

var groupNames = []string{"肿瘤事业部-华东区学术交流群", "心内科病例讨论群", "糖尿病管理患者教育群", "新品上市推广小组"}

var repLines = []string{
	"王主任您好，这是我们新药的三期临床数据摘要，请您过目。",
	"李医生，下周二的学术会议您方便参加吗？会议在瑞金医院举行。",
	"好的，谢谢！我看完资料再和你联系。",
	"关于不良反应的报告，我们会在24小时内上报药监部门。",
	"请问贵科室本月的用药情况如何？需要补充样品吗？",
	"张教授，您上次提到的病例我们整理好了，附件请查收。",
	"明天上午10点我到科室拜访您，大概半小时。",
	"这个适应症目前还没有获批，我们不能做超说明书推广。",
	"收到，辛苦了 👍",
	"患者随访数据显示HbA1c平均下降1.2%。",
	"Please find the updated KOL meeting agenda attached.",
	"这是一条引用/回复消息：\n\"李医生:\n下周会议几点开始？\"\n------\n下午两点，地点不变。",
}

func (g *gen) line() string { return repLines[g.r.IntN(len(repLines))] }

// body fills the msgtype body of m and returns the sdkfileids it references.
func (g *gen) body(t string, m map[string]any, c *conv, from string) []string {
	switch t {
	case "text":
		m["text"] = map[string]any{"content": g.line()}
	case "image":
		data := JPEG(g.r)
		if g.r.IntN(2) == 0 {
			data = PNG(g.r)
		}
		id, sum := g.media(data)
		m["image"] = map[string]any{"sdkfileid": id, "md5sum": sum, "filesize": len(data)}
		return []string{id}
	case "voice":
		secs := 2 + g.r.IntN(8)
		data := AMR(g.r, secs)
		id, sum := g.media(data)
		g.a.addSpoken(id, g.script(voiceScripts))
		m["voice"] = map[string]any{"sdkfileid": id, "md5sum": sum, "voice_size": len(data), "play_length": secs}
		return []string{id}
	case "video":
		size := 20_000 + g.r.IntN(30_000)
		if g.mediaNo < 5 {
			size = 1_200_000 // one multi-chunk file early in every archive
		}
		data := MP4(g.r, size)
		id, sum := g.media(data)
		m["video"] = map[string]any{"sdkfileid": id, "md5sum": sum, "filesize": len(data), "play_length": 12}
		return []string{id}
	case "emotion":
		data, typ := GIF(g.r), 1
		if g.r.IntN(2) == 0 {
			data, typ = PNG(g.r), 2
		}
		id, sum := g.media(data)
		m["emotion"] = map[string]any{"type": typ, "width": 32, "height": 32, "imagesize": len(data), "sdkfileid": id, "md5sum": sum}
		return []string{id}
	case "file":
		name, data := "临床研究摘要.pdf", PDF("Phase III clinical summary")
		if g.r.IntN(2) == 0 {
			name, data = "会议议程.docx", DOCX("学术会议议程 Academic meeting agenda")
		}
		id, sum := g.media(data)
		m["file"] = map[string]any{"filename": name, "fileext": extOf(name), "filesize": len(data), "sdkfileid": id, "md5sum": sum}
		return []string{id}
	case "agree":
		m["agree"] = map[string]any{"userid": from, "agree_time": m["msgtime"]}
	case "disagree":
		m["disagree"] = map[string]any{"userid": from, "disagree_time": m["msgtime"]}
	case "card":
		m["card"] = map[string]any{"corpname": "华康医药", "userid": c.members[0]}
	case "location":
		m["location"] = map[string]any{"longitude": 121.4737, "latitude": 31.2304, "address": "上海市黄浦区瑞金二路197号", "title": "瑞金医院", "zoom": 15}
	case "link":
		m["link"] = map[string]any{"title": "新版诊疗指南解读", "description": "2026版指南要点", "link_url": "https://example.com/guide", "image_url": "https://example.com/g.png"}
	case "weapp":
		m["weapp"] = map[string]any{"title": "会议报名", "description": "学术会议在线报名", "username": "gh_sim@app", "displayname": "华康学术"}
	case "chatrecord":
		return g.chatrecord(m)
	case "todo":
		m["todo"] = map[string]any{"title": "拜访计划", "content": "周三前提交科室拜访记录"}
	case "vote":
		m["vote"] = map[string]any{"votetitle": "下次会议时间", "voteitem": []string{"周二", "周四"}, "votetype": 101, "voteid": fmt.Sprintf("vote%d", g.seqNo)}
	case "collect":
		m["collect"] = map[string]any{"room_name": c.name, "creator": c.members[0], "create_time": g.now.Format("2006-01-02 15:04:05"),
			"title": "参会信息收集", "details": []map[string]any{{"id": 1, "ques": "姓名", "type": "Text"}, {"id": 2, "ques": "到达日期", "type": "Date"}}}
	case "redpacket", "external_redpacket":
		m["redpacket"] = map[string]any{"type": 1 + g.r.IntN(2), "wish": "恭喜发财，大吉大利", "totalcnt": 1, "totalamount": 88}
	case "meeting":
		m["meeting"] = map[string]any{"topic": "季度病例讨论会", "starttime": g.now.Unix() + 86400, "endtime": g.now.Unix() + 90000,
			"address": "会议室A", "remarks": "请带病例资料", "meetingtype": 101, "meetingid": g.r.Int64N(1 << 40), "status": 1}
	case "docmsg":
		m["doc"] = map[string]any{"title": "拜访记录表", "link_url": "https://doc.example.com/x", "doc_creator": c.members[0]}
	case "markdown":
		m["info"] = map[string]any{"content": "**提醒**：本周拜访记录尚未提交"}
	case "news":
		m["info"] = map[string]any{"item": []map[string]any{{"title": "行业快讯", "description": "集采新规发布", "url": "https://example.com/n", "picurl": "https://example.com/n.png"}}}
	case "calendar":
		m["calendar"] = map[string]any{"title": "科室拜访", "creatorname": "张伟", "attendeename": []string{"王主任"}, "starttime": g.now.Unix() + 3600,
			"endtime": g.now.Unix() + 5400, "place": "心内科", "remarks": "带新版资料"}
	case "mixed":
		return g.mixed(m)
	case "meeting_voice_call":
		// A distinct frame count per call: the frames are silent, so the
		// length is what tells two recordings apart (speechsim hashes audio).
		data := MP3Frames(3*44100/1152 + g.seqNo%4096)
		id, _ := g.media(data)
		g.a.addSpoken(id, g.script(callScripts))
		m["voiceid"] = fmt.Sprintf("voice%d", g.seqNo)
		m["meeting_voice_call"] = map[string]any{"endtime": g.now.Unix() + 600, "sdkfileid": id,
			"demofiledata":    []map[string]any{{"filename": "病例.pptx", "demooperator": c.members[0], "starttime": g.now.Unix(), "endtime": g.now.Unix() + 300}},
			"sharescreendata": []map[string]any{{"share": c.members[0], "starttime": g.now.Unix() + 10, "endtime": g.now.Unix() + 200}}}
		return []string{id}
	case "voip_doc_share":
		data := PDF("shared in call")
		id, sum := g.media(data)
		m["voipid"] = fmt.Sprintf("voip%d", g.seqNo)
		m["voip_doc_share"] = map[string]any{"filename": "通话共享.pdf", "md5sum": sum, "filesize": len(data), "sdkfileid": id}
		return []string{id}
	case "sphfeed":
		m["sphfeed"] = map[string]any{"feed_type": 4, "sph_name": "华康健康科普", "feed_desc": "高血压患者日常管理"}
	case "voiptext":
		m["info"] = map[string]any{"callduration": 30 + g.r.IntN(600), "invitetype": 1 + g.r.IntN(4)}
	case "qydiskfile":
		m["info"] = map[string]any{"filename": "产品手册2026.pdf"}
	}
	return nil
}

func (g *gen) chatrecord(m map[string]any) []string {
	data := JPEG(g.r)
	id, sum := g.media(data)
	items := []map[string]any{
		{"type": "ChatRecordText", "msgtime": g.now.Unix() - 600, "content": jsonString(map[string]any{"content": g.line()}), "from_chatroom": false},
		{"type": "ChatRecordImage", "msgtime": g.now.Unix() - 500, "content": jsonString(map[string]any{"sdkfileid": id, "md5sum": sum, "filesize": len(data)}), "from_chatroom": false},
	}
	m["chatrecord"] = map[string]any{"title": "群聊的聊天记录", "item": items}
	return []string{id}
}

func (g *gen) mixed(m map[string]any) []string {
	data := PNG(g.r)
	id, sum := g.media(data)
	items := []map[string]any{
		{"type": "text", "content": jsonString(map[string]any{"content": "请看这张图表："})},
		{"type": "image", "content": jsonString(map[string]any{"sdkfileid": id, "md5sum": sum, "filesize": len(data)})},
	}
	m["mixed"] = map[string]any{"item": items}
	return []string{id}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func extOf(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '.' {
			return name[i+1:]
		}
	}
	return ""
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}
