package export

import (
	"fmt"
	"strings"
	"time"
)

// Languages of an export's headers, labels and cover (Params.Lang).
const (
	LangZH = "zh-CN" // default
	LangEN = "en"
)

// header is the column order of every format; headers holds its labels.
var header = []string{"conversation", "conversation_name", "time", "from", "from_name", "msgtype", "content", "recalled", "media",
	"transcript", "msgid"}

var headers = map[string][]string{
	LangEN: header,
	LangZH: {"会话", "会话名称", "时间", "发送者", "发送者姓名", "消息类型", "内容", "撤回", "媒体", "转写文本", "消息ID"},
}

// langOf is the export's language, zh-CN unless English was asked for.
func langOf(lang string) string {
	if lang == LangEN {
		return LangEN
	}
	return LangZH
}

func headerFor(lang string) []string {
	if h, ok := headers[lang]; ok {
		return h
	}
	return headers[LangZH]
}

// typeLabels are the names people know for WeCom's msgtypes; an unknown
// type is exported as its code.
var typeLabels = map[string][2]string{ // zh-CN, en
	"text": {"文本", "Text"}, "markdown": {"Markdown", "Markdown"}, "image": {"图片", "Image"}, "voice": {"语音", "Voice"},
	"video": {"视频", "Video"}, "file": {"文件", "File"}, "emotion": {"表情", "Sticker"}, "link": {"链接", "Link"},
	"weapp": {"小程序", "Mini program"}, "card": {"名片", "Contact card"}, "location": {"位置", "Location"},
	"chatrecord": {"聊天记录", "Chat history"}, "mixed": {"图文混合", "Mixed"}, "revoke": {"撤回", "Recall"},
	"agree": {"同意存档", "Consent given"}, "disagree": {"拒绝存档", "Consent refused"},
	"meeting_voice_call": {"语音通话", "Voice call"}, "voiptext": {"音视频通话", "Audio/video call"},
	"voip_doc_share": {"通话中共享文件", "File shared in a call"}, "news": {"图文", "News"}, "calendar": {"日程", "Calendar"},
	"redpacket": {"红包", "Red packet"}, "external_redpacket": {"互通红包", "Red packet"}, "todo": {"待办", "To-do"},
	"vote": {"投票", "Vote"}, "collect": {"填表", "Form"}, "meeting": {"会议邀请", "Meeting"}, "docmsg": {"在线文档", "Document"},
	"sphfeed": {"视频号", "Channels post"}, "qydiskfile": {"微盘文件", "Drive file"},
}

func typeLabel(lang, msgtype string) string {
	l, ok := typeLabels[msgtype]
	switch {
	case !ok:
		return msgtype
	case lang == LangEN:
		return l[1]
	}
	return l[0]
}

// hasTranscript: the msgtypes whose media the speech pipeline transcribes.
func hasTranscript(msgtype string) bool {
	switch msgtype {
	case "voice", "meeting_voice_call", "voiptext":
		return true
	}
	return false
}

// coverLine is one labelled fact of a cover; Search marks the query and
// filters, which the CSV repeats in its header rows.
type coverLine struct {
	Label, Value string
	Search       bool
}

// coverLines say what an export holds and which search produced it: on the
// XLSX cover sheet, the PDF cover and (the search ones) the CSV header rows.
func (m docMeta) coverLines() []coverLine {
	zh := m.Lang != LangEN
	l := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	return []coverLine{
		{l("导出编号", "Export"), fmt.Sprint(m.ExportID), false},
		{l("事由", "Matter"), orDash(m.Matter), false},
		{l("申请人", "Requested by"), m.Requester, false},
		{l("生成时间", "Generated"), m.Generated, false},
		{l("检索词", "Query"), orDash(m.Query), true},
		{l("筛选条件", "Filters"), orDash(m.Filters), true},
		{l("说明", "Note"), m.Watermark, false},
	}
}

// describeParams says in words which messages an export selected: the
// filters of a search, or the conversations exported whole.
func describeParams(p Params, lang string, loc *time.Location) string {
	zh := lang != LangEN
	var parts []string
	add := func(z, e, v string) {
		if v == "" {
			return
		}
		if zh {
			parts = append(parts, z+": "+v)
		} else {
			parts = append(parts, e+": "+v)
		}
	}
	f := p.Filter
	add("会话", "conversations", strings.Join(p.ConversationIDs, ", "))
	add("员工", "employee", f.Employee)
	add("客户", "contact", f.Contact)
	add("群聊", "group", f.RoomID)
	add("会话ID", "conversation", f.ConversationID)
	add("部门", "department", f.Department)
	if len(f.MsgTypes) > 0 {
		ls := make([]string, len(f.MsgTypes))
		for i, t := range f.MsgTypes {
			ls[i] = typeLabel(lang, t)
		}
		add("消息类型", "message types", strings.Join(ls, ", "))
	}
	if f.From > 0 || f.To > 0 {
		add("时间", "time", orDash(fmtOpt(f.From, loc))+" – "+orDash(fmtOpt(f.To, loc)))
	}
	yesNo := func(b *bool) string {
		switch {
		case b == nil:
			return ""
		case *b && zh:
			return "是"
		case *b:
			return "yes"
		case zh:
			return "否"
		}
		return "no"
	}
	add("含媒体", "has media", yesNo(f.HasMedia))
	add("已撤回", "recalled", yesNo(f.Recalled))
	add("存档同意", "consent", f.Consent)
	return strings.Join(parts, "; ")
}

func fmtOpt(ms int64, loc *time.Location) string {
	if ms <= 0 {
		return ""
	}
	return fmtTime(ms, loc)
}

func transcriptLabel(lang string) string {
	if lang == LangEN {
		return "Transcript: "
	}
	return "转写文本："
}
