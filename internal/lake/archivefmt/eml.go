package archivefmt

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"
	"time"
)

// EMLOptions bound what one EML carries.
type EMLOptions struct {
	Domain   string // the address domain of participants' pseudo-addresses, e.g. "wecom.example.com"
	MaxBytes int64  // attachments per EML; a day with more is split into parts (default 20 MiB)
}

// EML is one written message: a conversation-day, or a part of one.
type EML struct {
	Name  string // e.g. single_x_y-2026-12-07-p1.eml
	Bytes []byte
}

// WriteEML renders one conversation-day as EML messages (Global Relay
// style): headers naming the corp, the conversation and the participants,
// a UTF-8 text transcript, and the attachments that fit under MaxBytes; a
// day whose attachments exceed it is split into several parts, each with
// its own transcript of the messages it carries.
func WriteEML(d Day, o EMLOptions) ([]EML, error) {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 20 << 20
	}
	if o.Domain == "" {
		o.Domain = "wecom.invalid"
	}
	var parts [][]Message
	var cur []Message
	var size int64
	for _, m := range d.Messages {
		var ms int64
		for _, f := range m.Files {
			ms += int64(len(f.Data))
		}
		if len(cur) > 0 && size+ms > o.MaxBytes {
			parts, cur, size = append(parts, cur), nil, 0
		}
		cur, size = append(cur, m), size+ms
	}
	if len(cur) > 0 || len(parts) == 0 {
		parts = append(parts, cur)
	}
	out := make([]EML, 0, len(parts))
	for i, ms := range parts {
		b, err := renderEML(d, ms, i+1, len(parts), o)
		if err != nil {
			return nil, err
		}
		out = append(out, EML{Name: fmt.Sprintf("%s-%s-p%d.eml", safeName(d.ConversationID), d.Date, i+1), Bytes: b})
	}
	return out, nil
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

func (o EMLOptions) addr(p Party) string {
	name := p.Name
	if name == "" {
		name = p.ID
	}
	return mime.QEncoding.Encode("utf-8", name) + " <" + safeName(p.ID) + "@" + o.Domain + ">"
}

func renderEML(d Day, ms []Message, part, of int, o EMLOptions) ([]byte, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	parties := d.parties()
	from := Party{ID: "archive", Name: d.CorpName}
	if len(ms) > 0 {
		from = ms[0].From
	}
	var to, ids []string
	for _, p := range parties {
		to = append(to, o.addr(p))
		ids = append(ids, p.ID)
	}
	when := time.Now().UTC()
	if len(ms) > 0 {
		when = ms[0].Time
	}
	subject := fmt.Sprintf("WeCom %s %s", firstNonEmpty(d.RoomName, d.ConversationID), d.Date)
	if of > 1 {
		subject += fmt.Sprintf(" (part %d of %d)", part, of)
	}
	h := []string{
		"From: " + o.addr(from),
		"To: " + strings.Join(to, ", "),
		"Subject: " + mime.QEncoding.Encode("utf-8", subject),
		"Date: " + when.Format(time.RFC1123Z),
		fmt.Sprintf("Message-ID: <%s.%s.p%d@%s>", safeName(d.ConversationID), d.Date, part, o.Domain),
		"MIME-Version: 1.0",
		"X-WeCom-Corp: " + d.CorpID,
		"X-WeCom-Conversation: " + d.ConversationID,
		"X-WeCom-Room: " + d.RoomID,
		"X-WeCom-Participants: " + strings.Join(ids, ","),
		fmt.Sprintf("X-WeCom-Part: %d/%d", part, of),
		"Content-Type: multipart/mixed; boundary=" + w.Boundary(),
	}
	head := strings.Join(h, "\r\n") + "\r\n\r\n"
	if err := writeTranscript(w, ms); err != nil {
		return nil, err
	}
	for _, m := range ms {
		for _, f := range m.Files {
			if f.Data == nil {
				continue
			}
			if err := writeAttachment(w, f); err != nil {
				return nil, err
			}
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return append([]byte(head), buf.Bytes()...), nil
}

func writeTranscript(w *multipart.Writer, ms []Message) error {
	var t strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&t, "[%s] %s (%s) %s: %s\n", m.Time.UTC().Format("2006-01-02 15:04:05Z"), firstNonEmpty(m.From.Name, m.From.ID),
			m.From.ID, m.MsgType, m.Content)
		if m.RecallOf != "" {
			fmt.Fprintf(&t, "    (recalls %s)\n", m.RecallOf)
		}
		for _, f := range m.Files {
			note := "attached"
			if f.Data == nil {
				note = "not attached"
			}
			fmt.Fprintf(&t, "    file %s, %d bytes, sha256 %s (%s)\n", f.Name, f.Size, f.SHA256, note)
		}
	}
	pw, err := w.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"base64"}})
	if err != nil {
		return err
	}
	return writeBase64(pw, []byte(t.String()))
}

func writeAttachment(w *multipart.Writer, f Attachment) error {
	ct := f.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	pw, err := w.CreatePart(textproto.MIMEHeader{"Content-Type": {ct},
		"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})},
		"Content-Transfer-Encoding": {"base64"}, "X-SHA256": {f.SHA256}})
	if err != nil {
		return err
	}
	return writeBase64(pw, f.Data)
}

// writeBase64 writes b in base64 lines of 76 characters (RFC 2045).
func writeBase64(w io.Writer, b []byte) error {
	enc := base64.StdEncoding.EncodeToString(b)
	for len(enc) > 76 {
		if _, err := io.WriteString(w, enc[:76]+"\r\n"); err != nil {
			return err
		}
		enc = enc[76:]
	}
	_, err := io.WriteString(w, enc+"\r\n")
	return err
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
