package archive

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// bodyParser fills p from the message's top-level keys.
type bodyParser func(all map[string]json.RawMessage, p *Parsed) error

// registry maps every msgtype in reference §7.6 to its parser. A msgtype
// not listed is stored raw with parse_status "unknown".
var registry = map[string]bodyParser{
	"text":               parseText,
	"image":              mediaBody("image", "image"),
	"voice":              mediaBody("voice", "voice"),
	"video":              mediaBody("video", "video"),
	"emotion":            mediaBody("emotion", "emotion"),
	"file":               mediaBody("file", "file"),
	"revoke":             parseRevoke,
	"agree":              parseAgree("agree"),
	"disagree":           parseAgree("disagree"),
	"card":               textFields("card", "corpname", "userid"),
	"location":           textFields("location", "title", "address"),
	"link":               textFields("link", "title", "description", "link_url"),
	"weapp":              textFields("weapp", "title", "description", "displayname"),
	"todo":               textFields("todo", "title", "content"),
	"redpacket":          textFields("redpacket", "wish"),
	"external_redpacket": textFields("redpacket", "wish"),
	"meeting":            textFields("meeting", "topic", "address", "remarks"),
	"docmsg":             textFields("doc", "title", "link_url"),
	"markdown":           textFields("info", "content"),
	"sphfeed":            textFields("sphfeed", "sph_name", "feed_desc"),
	"qydiskfile":         textFields("info", "filename"),
	"voiptext":           parseVoipText,
	"calendar":           parseCalendar,
	"news":               parseNews,
	"vote":               parseVote,
	"collect":            parseCollect,
	"chatrecord":         parseChatRecord,
	"mixed":              parseMixed,
	"meeting_voice_call": parseMeetingVoiceCall,
	"voip_doc_share":     parseVoipDocShare,
}

// Known reports whether msgtype has a parser.
func Known(msgtype string) bool { _, ok := registry[msgtype]; return ok }

// flexInt accepts a JSON number, a numeric string or null: WeCom and its
// SDK wrappers disagree on some fields' types.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*f = flexInt(n)
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not a number: %s", s)
	}
	*f = flexInt(x)
	return nil
}

func body(all map[string]json.RawMessage, key string, v any) error {
	raw, ok := all[key]
	if !ok {
		return fmt.Errorf("no %q body", key)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s body: %w", key, err)
	}
	return nil
}

func parseText(all map[string]json.RawMessage, p *Parsed) error {
	var b struct {
		Content string `json:"content"`
	}
	err := body(all, "text", &b)
	p.Content, p.Meta = b.Content, b
	return err
}

type mediaFields struct {
	SDKFileID  string  `json:"sdkfileid"`
	MD5Sum     string  `json:"md5sum"`
	FileSize   flexInt `json:"filesize,omitempty"`
	VoiceSize  flexInt `json:"voice_size,omitempty"`
	ImageSize  flexInt `json:"imagesize,omitempty"`
	PlayLength flexInt `json:"play_length,omitempty"`
	FileName   string  `json:"filename,omitempty"`
	FileExt    string  `json:"fileext,omitempty"`
	Type       flexInt `json:"type,omitempty"`
	Width      flexInt `json:"width,omitempty"`
	Height     flexInt `json:"height,omitempty"`
}

func (m mediaFields) ref(kind string) MediaRef {
	size := max(int64(m.FileSize), int64(m.VoiceSize), int64(m.ImageSize))
	return MediaRef{SDKFileID: m.SDKFileID, Kind: kind, Filename: m.FileName, FileExt: m.FileExt, Size: size, MD5: m.MD5Sum}
}

func mediaBody(key, kind string) bodyParser {
	return func(all map[string]json.RawMessage, p *Parsed) error {
		var b mediaFields
		if err := body(all, key, &b); err != nil {
			return err
		}
		p.Meta, p.Content = b, b.FileName
		if b.SDKFileID == "" {
			return fmt.Errorf("%s without sdkfileid", key)
		}
		p.Media = append(p.Media, b.ref(kind))
		return nil
	}
}

func parseRevoke(all map[string]json.RawMessage, p *Parsed) error {
	var b struct {
		PreMsgID string `json:"pre_msgid"`
	}
	err := body(all, "revoke", &b)
	p.PreMsgID, p.Meta = b.PreMsgID, b
	if err == nil && b.PreMsgID == "" {
		err = fmt.Errorf("revoke without pre_msgid")
	}
	return err
}

// parseAgree accepts agree{userid,agree_time} and disagree{userid,disagree_time}
// (sources differ on the disagree body's key, reference §7.6).
func parseAgree(kind string) bodyParser {
	return func(all map[string]json.RawMessage, p *Parsed) error {
		var b struct {
			UserID       string  `json:"userid"`
			AgreeTime    flexInt `json:"agree_time,omitempty"`
			DisagreeTime flexInt `json:"disagree_time,omitempty"`
		}
		key := kind
		if _, ok := all[key]; !ok {
			key = "agree"
		}
		err := body(all, key, &b)
		p.Meta = b
		return err
	}
}

// textFields parses a flat body and joins the named string fields into content.
func textFields(key string, fields ...string) bodyParser {
	return func(all map[string]json.RawMessage, p *Parsed) error {
		var b map[string]any
		if err := body(all, key, &b); err != nil {
			return err
		}
		var parts []string
		for _, f := range fields {
			if s, ok := b[f].(string); ok && s != "" {
				parts = append(parts, s)
			}
		}
		p.Content, p.Meta = strings.Join(parts, " "), b
		return nil
	}
}
