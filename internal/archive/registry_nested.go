package archive

import (
	"encoding/json"
	"fmt"
	"strings"
)

func parseVoipText(all map[string]json.RawMessage, p *Parsed) error {
	var b struct {
		CallDuration flexInt `json:"callduration"`
		InviteType   flexInt `json:"invitetype"`
	}
	err := body(all, "info", &b)
	p.Meta = b
	return err
}

func parseCalendar(all map[string]json.RawMessage, p *Parsed) error {
	var b struct {
		Title        string   `json:"title"`
		CreatorName  string   `json:"creatorname"`
		AttendeeName []string `json:"attendeename"`
		StartTime    flexInt  `json:"starttime"`
		EndTime      flexInt  `json:"endtime"`
		Place        string   `json:"place"`
		Remarks      string   `json:"remarks"`
	}
	err := body(all, "calendar", &b)
	p.Meta, p.Content = b, join(b.Title, b.Place, b.Remarks)
	return err
}

func parseNews(all map[string]json.RawMessage, p *Parsed) error {
	var b struct {
		Item []struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			URL         string `json:"url"`
			PicURL      string `json:"picurl"`
		} `json:"item"`
	}
	err := body(all, "info", &b)
	var parts []string
	for _, it := range b.Item {
		parts = append(parts, it.Title, it.Description)
	}
	p.Meta, p.Content = b, join(parts...)
	return err
}

type voteBody struct {
	VoteTitle string   `json:"votetitle"`
	VoteItem  []string `json:"voteitem"`
	VoteType  flexInt  `json:"votetype"`
	VoteID    string   `json:"voteid"`
}

// parseVote accepts a nested vote{} body or the fields at the top level.
func parseVote(all map[string]json.RawMessage, p *Parsed) error {
	var b voteBody
	var err error
	if _, ok := all["vote"]; ok {
		err = body(all, "vote", &b)
	} else {
		for k, dst := range map[string]any{"votetitle": &b.VoteTitle, "voteitem": &b.VoteItem, "votetype": &b.VoteType, "voteid": &b.VoteID} {
			if raw, ok := all[k]; ok {
				if e := json.Unmarshal(raw, dst); e != nil {
					err = fmt.Errorf("vote %s: %w", k, e)
				}
			}
		}
	}
	p.Meta, p.Content = b, join(append([]string{b.VoteTitle}, b.VoteItem...)...)
	return err
}

func parseCollect(all map[string]json.RawMessage, p *Parsed) error {
	var b struct {
		RoomName   string `json:"room_name"`
		Creator    string `json:"creator"`
		CreateTime string `json:"create_time"`
		Title      string `json:"title"`
		Details    []struct {
			ID   flexInt `json:"id"`
			Ques string  `json:"ques"`
			Type string  `json:"type"`
		} `json:"details"`
	}
	err := body(all, "collect", &b)
	parts := []string{b.Title}
	for _, d := range b.Details {
		parts = append(parts, d.Ques)
	}
	p.Meta, p.Content = b, join(parts...)
	return err
}

// nestedItem is one chatrecord or mixed item: its content is the JSON
// string of a sub-message body.
type nestedItem struct {
	Type         string  `json:"type"`
	MsgTime      flexInt `json:"msgtime,omitempty"`
	Content      string  `json:"content"`
	FromChatroom bool    `json:"from_chatroom,omitempty"`
}

// nested reads the items' bodies: text joins the content, media bodies add
// MediaRefs (kind from the item type: ChatRecordImage → image).
func nested(items []nestedItem, p *Parsed) (text []string, err error) {
	for i, it := range items {
		kind := strings.ToLower(strings.TrimPrefix(it.Type, "ChatRecord"))
		var sub map[string]json.RawMessage
		if e := json.Unmarshal([]byte(it.Content), &sub); e != nil {
			err = fmt.Errorf("item %d content: %w", i, e)
			continue
		}
		switch kind {
		case "image", "voice", "video", "emotion", "file":
			var m mediaFields
			if e := json.Unmarshal([]byte(it.Content), &m); e == nil && m.SDKFileID != "" {
				p.Media = append(p.Media, m.ref(kind))
			}
			if m.FileName != "" {
				text = append(text, m.FileName)
			}
		default:
			text = append(text, fallbackContent(json.RawMessage(it.Content)))
		}
	}
	return text, err
}

func parseChatRecord(all map[string]json.RawMessage, p *Parsed) error {
	var b struct {
		Title string       `json:"title"`
		Item  []nestedItem `json:"item"`
	}
	if err := body(all, "chatrecord", &b); err != nil {
		return err
	}
	text, err := nested(b.Item, p)
	p.Meta, p.Content = b, join(append([]string{b.Title}, text...)...)
	return err
}

func parseMixed(all map[string]json.RawMessage, p *Parsed) error {
	var b struct {
		Item []nestedItem `json:"item"`
	}
	if err := body(all, "mixed", &b); err != nil {
		return err
	}
	text, err := nested(b.Item, p)
	p.Meta, p.Content = b, join(text...)
	return err
}

// parseMeetingVoiceCall keeps the recording's sdkfileid, demo-file and
// share-screen data.
func parseMeetingVoiceCall(all map[string]json.RawMessage, p *Parsed) error {
	var b struct {
		VoiceID      string  `json:"voiceid"`
		EndTime      flexInt `json:"endtime"`
		SDKFileID    string  `json:"sdkfileid"`
		DemoFileData []struct {
			FileName     string  `json:"filename"`
			DemoOperator string  `json:"demooperator"`
			StartTime    flexInt `json:"starttime"`
			EndTime      flexInt `json:"endtime"`
		} `json:"demofiledata"`
		ShareScreenData []struct {
			Share     string  `json:"share"`
			StartTime flexInt `json:"starttime"`
			EndTime   flexInt `json:"endtime"`
		} `json:"sharescreendata"`
	}
	err := body(all, "meeting_voice_call", &b)
	_ = json.Unmarshal(all["voiceid"], &b.VoiceID)
	var names []string
	for _, d := range b.DemoFileData {
		names = append(names, d.FileName)
	}
	p.Meta, p.Content = b, join(names...)
	if b.SDKFileID != "" {
		p.Media = append(p.Media, MediaRef{SDKFileID: b.SDKFileID, Kind: "meeting_voice_call", FileExt: "mp3"})
	}
	return err
}

func parseVoipDocShare(all map[string]json.RawMessage, p *Parsed) error {
	var b struct {
		VoipID string `json:"voipid"`
		mediaFields
	}
	err := body(all, "voip_doc_share", &b.mediaFields)
	_ = json.Unmarshal(all["voipid"], &b.VoipID)
	p.Meta, p.Content = b, b.FileName
	if b.SDKFileID != "" {
		r := b.ref("voip_doc_share")
		p.Media = append(p.Media, r)
	}
	return err
}

func join(parts ...string) string {
	out := parts[:0:0]
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}
