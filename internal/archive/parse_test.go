package archive_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/wecomsim/archivesim"
)

func TestParseEdgeCases(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in          string
		wantErr           bool
		status, typ, conv string
		content           string
		media             int
	}{
		{"not json", `{"msgid":`, true, "", "", "", "", 0},
		{"no msgid", `{"msgtype":"text"}`, true, "", "", "", "", 0},
		{"control chars", "{\"msgid\":\"a\",\"from\":\"u\",\"tolist\":[\"v\"],\"msgtype\":\"text\",\"text\":{\"content\":\"x\x01y\"}}", false, "ok", "text", "u|v", "x y", 0},
		{"switch", `{"msgid":"s","action":"switch","time":1700000000000,"user":"zhangwei"}`, false, "ok", "", "", "", 0},
		{"unknown type", `{"msgid":"u","from":"a","tolist":["b"],"msgtype":"note","note":{"title":"笔记","sdkfileid":"x"}}`, false, "unknown", "note", "a|b", "笔记", 0},
		{"body missing", `{"msgid":"p","from":"a","tolist":["b"],"msgtype":"image"}`, false, "partial", "image", "a|b", "", 0},
		{"string numbers", `{"msgid":"n","from":"a","tolist":["b"],"msgtime":"5","msgtype":"voice","voice":{"sdkfileid":"f","voice_size":"12","play_length":"3"}}`, false, "ok", "voice", "a|b", "", 1},
		{"vote top level", `{"msgid":"v","from":"a","tolist":["b"],"roomid":"wr1","msgtype":"vote","votetitle":"时间","voteitem":["周一"],"votetype":101}`, false, "ok", "vote", "wr1", "时间 周一", 0},
		{"disagree under agree key", `{"msgid":"d","from":"wm1","tolist":["a"],"msgtype":"disagree","agree":{"userid":"wm1","agree_time":1}}`, false, "ok", "disagree", "a|wm1", "", 0},
		{"mixed nested media", `{"msgid":"x","from":"a","tolist":["b"],"msgtype":"mixed","mixed":{"item":[{"type":"text","content":"{\"content\":\"看图\"}"},{"type":"image","content":"{\"sdkfileid\":\"f1\",\"md5sum\":\"m\",\"filesize\":3}"}]}}`, false, "ok", "mixed", "a|b", "看图", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := archive.Parse([]byte(tc.in))
			if tc.wantErr {
				if !errors.Is(err, archive.ErrMalformed) {
					t.Fatalf("err = %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Status != tc.status || p.MsgType != tc.typ || p.ConversationID() != tc.conv || p.Content != tc.content || len(p.Media) != tc.media {
				t.Fatalf("got status=%s type=%s conv=%s content=%q media=%d (%s)", p.Status, p.MsgType, p.ConversationID(), p.Content, len(p.Media), p.Problem)
			}
		})
	}
}

func TestParseKeepsCallMetadata(t *testing.T) {
	t.Parallel()
	p, err := archive.Parse([]byte(`{"msgid":"c","from":"a","tolist":["b"],"msgtype":"meeting_voice_call","voiceid":"v1",
		"meeting_voice_call":{"endtime":10,"sdkfileid":"F","demofiledata":[{"filename":"a.pptx","demooperator":"a","starttime":1,"endtime":2}],
		"sharescreendata":[{"share":"a","starttime":3,"endtime":4}]}}`))
	if err != nil || len(p.Media) != 1 || p.Media[0].SDKFileID != "F" {
		t.Fatalf("%+v %v", p, err)
	}
	meta, _ := json.Marshal(p.Meta)
	for _, want := range []string{`"voiceid":"v1"`, `"demofiledata":[{"filename":"a.pptx"`, `"sharescreendata":[{"share":"a"`} {
		if !json.Valid(meta) || !strings.Contains(string(meta), want) {
			t.Errorf("meta %s lacks %s", meta, want)
		}
	}
	p, err = archive.Parse([]byte(`{"msgid":"t","from":"a","tolist":["b"],"msgtype":"voiptext","info":{"callduration":65,"invitetype":2}}`))
	meta, _ = json.Marshal(p.Meta)
	if err != nil || string(meta) != `{"callduration":65,"invitetype":2}` || len(p.Media) != 0 {
		t.Fatalf("voiptext meta %s, %v", meta, err)
	}
}

// FuzzParse: no input makes the parser panic, and whatever parses yields a
// msgid and a status the store accepts.
func FuzzParse(f *testing.F) {
	a, _ := archivesim.Generate(keyRing(), archivesim.Options{Seed: 2, Messages: 31})
	for _, s := range seedMessages(a) {
		f.Add(s)
	}
	f.Add([]byte(`{"msgid":"x","msgtype":"chatrecord","chatrecord":{"item":[{"type":"ChatRecordImage","content":"{{"}]}}`))
	f.Add([]byte(`{"msgid":"x","msgtype":"text","text":null}`))
	f.Add([]byte("\x00\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := archive.Parse(b)
		if err != nil {
			if !errors.Is(err, archive.ErrMalformed) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if p.MsgID == "" {
			t.Fatal("parsed without msgid")
		}
		switch p.Status {
		case "ok", "unknown", "partial":
		default:
			t.Fatalf("status %q", p.Status)
		}
		if _, err := json.Marshal(p.Meta); err != nil {
			t.Fatalf("meta not encodable: %v", err)
		}
	})
}
