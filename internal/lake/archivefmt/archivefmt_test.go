package archivefmt

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/audit"
)

func sampleDay() Day {
	t0 := time.Date(2026, 12, 7, 1, 2, 3, 0, time.UTC)
	zs := Party{ID: "zhangsan", Name: "张三", Department: "总部/医学部", Kind: "employee"}
	dr := Party{ID: "wmDoctorA", Name: "王医生🩺", Kind: "contact"}
	return Day{CorpID: "ww1", CorpName: "示例药业", ConversationID: "single:wmDoctorA:zhangsan", Date: "2026-12-07",
		Participants: []Party{zs, dr},
		Messages: []Message{
			{MsgID: "m1", Time: t0, From: zs, MsgType: "text", Content: "您好，资料已发送 👍"},
			{MsgID: "m2", Time: t0.Add(time.Minute), From: dr, MsgType: "image",
				Files: []Attachment{{Name: "图片.png", ContentType: "image/png", Size: 7, SHA256: "abcd", Data: []byte("PNGDATA")}}},
			{MsgID: "m3", Time: t0.Add(2 * time.Minute), From: zs, MsgType: "revoke", RecallOf: "m1"},
		}}
}

// TestActianceStructure: the document parses with encoding/xml; each
// conversation has RoomID, StartTimeUTC, then events in time order with
// every participant entering before their first message and leaving at
// the end, file transfers started and ended, then EndTimeUTC.
func TestActianceStructure(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteActiance(&buf, []Day{sampleDay()}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name `xml:"FileDump"`
		Conv    []struct {
			Perspective string `xml:"Perspective,attr"`
			RoomID      string `xml:"RoomID"`
			Start       int64  `xml:"StartTimeUTC"`
			End         int64  `xml:"EndTimeUTC"`
			Messages    []struct {
				LoginName string `xml:"LoginName"`
				Content   string `xml:"Content"`
				RecallOf  string `xml:"RecallOf"`
			} `xml:"Message"`
			Entered []struct {
				LoginName   string `xml:"LoginName"`
				DisplayName string `xml:"DisplayName"`
				Internal    bool   `xml:"InternalFlag"`
			} `xml:"ParticipantEntered"`
			Left  []struct{ LoginName string } `xml:"ParticipantLeft"`
			Files []struct {
				UserFileName string `xml:"UserFileName"`
			} `xml:"FileTransferStarted"`
			Ended []struct{ Status string } `xml:"FileTransferEnded"`
		} `xml:"Conversation"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("parse: %v\n%s", err, buf.String())
	}
	c := doc.Conv[0]
	if c.Perspective != "ww1" || c.RoomID != "single:wmDoctorA:zhangsan" || c.End-c.Start != 120 {
		t.Errorf("conversation header: %+v", c)
	}
	if len(c.Messages) != 3 || c.Messages[0].Content != "您好，资料已发送 👍" || c.Messages[2].RecallOf != "m1" {
		t.Errorf("messages: %+v", c.Messages)
	}
	if len(c.Entered) != 2 || len(c.Left) != 2 || len(c.Files) != 1 || c.Files[0].UserFileName != "图片.png" ||
		len(c.Ended) != 1 || c.Ended[0].Status != "Completed" {
		t.Errorf("participants/files: %+v", c)
	}
	// Element order inside the conversation.
	var order []string
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 3 {
				order = append(order, e.Name.Local)
			}
		case xml.EndElement:
			depth--
		}
	}
	want := "RoomID StartTimeUTC ParticipantEntered ParticipantEntered Message Message FileTransferStarted FileTransferEnded " +
		"Message ParticipantLeft ParticipantLeft EndTimeUTC"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
}

func readEML(t *testing.T, b []byte) (*mail.Message, []*multipart.Part, [][]byte) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("content type %q: %v", mt, err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var parts []*multipart.Part
	var bodies [][]byte
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(p)
		dec, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(raw), "\r\n", ""))
		if err != nil {
			t.Fatalf("part not base64: %v", err)
		}
		parts, bodies = append(parts, p), append(bodies, dec)
	}
	return msg, parts, bodies
}

// TestEML: a real MIME parser reads the EML: headers name the corp,
// conversation and participants (Chinese names RFC 2047-encoded), the
// transcript is UTF-8 with emoji, the attachment's bytes survive; over the
// cap the day is split into parts.
func TestEML(t *testing.T) {
	emls, err := WriteEML(sampleDay(), EMLOptions{Domain: "wecom.example.com"})
	if err != nil || len(emls) != 1 {
		t.Fatalf("%d emls, %v", len(emls), err)
	}
	msg, parts, bodies := readEML(t, emls[0].Bytes)
	dec := new(mime.WordDecoder)
	subj, _ := dec.DecodeHeader(msg.Header.Get("Subject"))
	from, err := msg.Header.AddressList("From")
	if err != nil || from[0].Name != "张三" || from[0].Address != "zhangsan@wecom.example.com" {
		t.Errorf("from: %v %v", from, err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 2 {
		t.Errorf("to: %v %v", to, err)
	}
	if msg.Header.Get("X-WeCom-Corp") != "ww1" || msg.Header.Get("X-WeCom-Conversation") != "single:wmDoctorA:zhangsan" ||
		msg.Header.Get("X-WeCom-Participants") != "wmDoctorA,zhangsan" || !strings.Contains(subj, "2026-12-07") {
		t.Errorf("headers: %v (subject %q)", msg.Header, subj)
	}
	if _, err := msg.Header.Date(); err != nil {
		t.Errorf("date: %v", err)
	}
	if len(parts) != 2 || !strings.Contains(string(bodies[0]), "您好，资料已发送 👍") || !strings.Contains(string(bodies[0]), "recalls m1") {
		t.Errorf("transcript: %q", bodies[0])
	}
	if parts[1].FileName() != "图片.png" || string(bodies[1]) != "PNGDATA" || parts[1].Header.Get("X-SHA256") != "abcd" {
		t.Errorf("attachment %q %q", parts[1].FileName(), bodies[1])
	}
	// Cap below two attachments: split, each part a valid EML.
	d := sampleDay()
	d.Messages[0].Files = []Attachment{{Name: "a.bin", Size: 5, SHA256: "aa", Data: []byte("AAAAA")}}
	emls, err = WriteEML(d, EMLOptions{MaxBytes: 8})
	if err != nil || len(emls) != 2 {
		t.Fatalf("split: %d, %v", len(emls), err)
	}
	for i, e := range emls {
		msg, _, _ := readEML(t, e.Bytes)
		if msg.Header.Get("X-WeCom-Part") != []string{"1/2", "2/2"}[i] {
			t.Errorf("part %d: %s", i, msg.Header.Get("X-WeCom-Part"))
		}
	}
}

// TestSignedJSONL: the manifest's hash matches the file and its signature
// verifies with the audit signing key; any change breaks it.
func TestSignedJSONL(t *testing.T) {
	signer, err := audit.NewSigner(strings.Repeat("k", 32))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	f, err := WriteJSONL(&buf, "messages.jsonl", sampleDay().Messages)
	if err != nil || f.Rows != 3 || f.Bytes != int64(buf.Len()) {
		t.Fatalf("%+v %v", f, err)
	}
	m := Sign(signer, "ww1", time.Now(), []SignedFile{f})
	body, _ := json.Marshal(m)
	var back SignedManifest
	if err := json.Unmarshal(body, &back); err != nil {
		t.Fatal(err)
	}
	if !signer.VerifyBytes(back.SignedBody(), back.Signature) || back.KeyID != signer.KeyID() {
		t.Error("signature does not verify")
	}
	back.Files[0].Rows = 4
	if signer.VerifyBytes(back.SignedBody(), back.Signature) {
		t.Error("a changed manifest still verifies")
	}
}
