package archive

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// MediaRef is one media file a message references (nested ones included).
type MediaRef struct {
	SDKFileID string
	Kind      string // image, voice, video, emotion, file, meeting_voice_call, voip_doc_share
	Filename  string
	FileExt   string
	Size      int64
	MD5       string
}

// Parsed is a decrypted message mapped to the store's typed columns.
type Parsed struct {
	MsgID    string
	Action   string // send, recall, switch
	MsgType  string // "" for switch
	From     string
	ToList   []string
	RoomID   string
	MsgTime  int64 // ms
	Content  string
	PreMsgID string
	Meta     any // the typed body, re-encoded into messages.meta
	Media    []MediaRef
	Status   string // ok, unknown, partial
	Problem  string // why partial
}

// ConversationID is 1:1 = the sorted pair of participants joined by "|",
// group = roomid, switch events = "".
func (p *Parsed) ConversationID() string {
	if p.RoomID != "" {
		return p.RoomID
	}
	if len(p.ToList) == 0 || p.From == "" {
		return ""
	}
	a, b := p.From, p.ToList[0]
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

// Participants is the sender and receivers, sorted, without duplicates.
func (p *Parsed) Participants() []string {
	out := append([]string{}, p.ToList...)
	if p.From != "" {
		out = append(out, p.From)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ErrMalformed means the plaintext is not a message at all (not a JSON
// object, or no msgid); such a record is quarantined.
var ErrMalformed = errors.New("archive: malformed message")

type envelope struct {
	MsgID   string      `json:"msgid"`
	Action  string      `json:"action"`
	From    string      `json:"from"`
	ToList  []string    `json:"tolist"`
	RoomID  string      `json:"roomid"`
	MsgTime json.Number `json:"msgtime"`
	Time    json.Number `json:"time"` // switch
	User    string      `json:"user"` // switch
	MsgType string      `json:"msgtype"`
}

// Parse maps a decrypted message onto typed columns with the msgtype
// registry. Only a message that is not JSON or has no msgid is an error; an
// unknown msgtype or a body that does not fit is kept with Status unknown or
// partial.
func Parse(plain []byte) (Parsed, error) {
	plain = cleanControl(plain)
	var env envelope
	dec := json.NewDecoder(bytes.NewReader(plain))
	dec.UseNumber()
	if err := dec.Decode(&env); err != nil {
		return Parsed{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if env.MsgID == "" {
		return Parsed{}, fmt.Errorf("%w: no msgid", ErrMalformed)
	}
	p := Parsed{MsgID: env.MsgID, Action: env.Action, From: env.From, ToList: env.ToList, RoomID: env.RoomID,
		MsgType: env.MsgType, Status: "ok"}
	if p.ToList == nil {
		p.ToList = []string{}
	}
	p.MsgTime, _ = env.MsgTime.Int64()
	if p.Action == "switch" || (p.MsgType == "" && env.User != "") {
		p.Action, p.From = "switch", env.User
		p.MsgTime, _ = env.Time.Int64()
		p.Meta = map[string]any{"user": env.User}
		return p, nil
	}
	if p.Action == "" {
		p.Action = "send"
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(plain, &all); err != nil {
		return Parsed{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	parser, ok := registry[p.MsgType]
	if !ok {
		p.Status = "unknown"
		p.Content = fallbackContent(all[p.MsgType])
		return p, nil
	}
	if err := parser(all, &p); err != nil {
		p.Status, p.Problem = "partial", err.Error()
	}
	return p, nil
}

// cleanControl replaces raw control characters (< 0x20 except \t \n \r),
// which WeCom content can carry, so the JSON decoder accepts the message.
func cleanControl(b []byte) []byte {
	bad := false
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			bad = true
			break
		}
	}
	if !bad {
		return b
	}
	out := make([]byte, len(b))
	for i, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			c = ' '
		}
		out[i] = c
	}
	return out
}

// fallbackContent keeps the strings of an unknown body searchable.
func fallbackContent(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	var parts []string
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case string:
			if t != "" && !strings.HasPrefix(t, "http") {
				parts = append(parts, t)
			}
		case []any:
			for _, x := range t {
				walk(x)
			}
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				if k != "sdkfileid" && k != "md5sum" {
					walk(t[k])
				}
			}
		}
	}
	walk(v)
	return strings.Join(parts, " ")
}
