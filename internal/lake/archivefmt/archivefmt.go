// Package archivefmt writes conversations in the formats outside compliance
// archives ingest: Actiance/Smarsh XML (conversations with participants
// entering and leaving, messages, file transfers), EML for Global
// Relay-style ingestion (one conversation-day per message, attachments
// within a size cap, split when larger), and JSONL with an Ed25519-signed
// manifest.
package archivefmt

import (
	"sort"
	"time"
)

// Party is one participant of a conversation.
type Party struct {
	ID         string // WeCom userid or external userid
	Name       string
	Department string
	Kind       string // employee, contact
}

// Attachment is one file of a message; Open returns its bytes (nil when
// bytes are not exported).
type Attachment struct {
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	Data        []byte // nil: referenced only
}

// Message is one message of a conversation-day.
type Message struct {
	MsgID    string
	Time     time.Time
	From     Party
	MsgType  string
	Content  string
	RecallOf string
	Files    []Attachment
}

// Day is one conversation's messages of one UTC day, in time order.
type Day struct {
	CorpID         string
	CorpName       string
	ConversationID string
	RoomID         string
	RoomName       string
	Date           string // YYYY-MM-DD
	Participants   []Party
	Messages       []Message
}

// firstSeen is when each participant first appears in the day (a sender
// at their first message, a recipient at the day's first message).
func (d Day) firstSeen() map[string]time.Time {
	out := map[string]time.Time{}
	if len(d.Messages) == 0 {
		return out
	}
	start := d.Messages[0].Time
	for _, p := range d.Participants {
		out[p.ID] = start
	}
	for _, m := range d.Messages {
		if t, ok := out[m.From.ID]; !ok || m.Time.Before(t) {
			out[m.From.ID] = m.Time
		}
	}
	return out
}

func (d Day) bounds() (time.Time, time.Time) {
	if len(d.Messages) == 0 {
		t, _ := time.Parse("2006-01-02", d.Date)
		return t, t
	}
	return d.Messages[0].Time, d.Messages[len(d.Messages)-1].Time
}

// parties lists the participants with every sender included, sorted by id.
func (d Day) parties() []Party {
	seen := map[string]Party{}
	for _, p := range d.Participants {
		seen[p.ID] = p
	}
	for _, m := range d.Messages {
		if _, ok := seen[m.From.ID]; !ok && m.From.ID != "" {
			seen[m.From.ID] = m.From
		}
	}
	out := make([]Party, 0, len(seen))
	for _, p := range seen {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
