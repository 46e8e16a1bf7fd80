package archivesim_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"wecomadmin/internal/finance"
	"wecomadmin/internal/wecomsim/archivesim"
)

var keys = sync.OnceValue(func() *archivesim.KeyRing {
	k, err := archivesim.NewKeyRing(2)
	if err != nil {
		panic(err)
	}
	return k
})

type always map[string]bool

func (a always) Hit(n string) bool { return a[n] }

func client(t *testing.T, a *archivesim.Archive, cfg archivesim.Config) *finance.SimClient {
	t.Helper()
	srv := httptest.NewServer(archivesim.NewServer(a, cfg))
	t.Cleanup(srv.Close)
	return finance.NewSimClient(srv.URL, "wwc", "sim")
}

// decryptAll pulls every record and decrypts it as a portal would.
func decryptAll(t *testing.T, c *finance.SimClient) []map[string]any {
	t.Helper()
	ctx := context.Background()
	var out []map[string]any
	var after uint64
	for {
		recs, err := c.GetChatData(ctx, finance.ChatRequest{Seq: after, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) == 0 {
			return out
		}
		for _, r := range recs {
			ct, _ := base64.StdEncoding.DecodeString(r.EncryptRandomKey)
			//lint:ignore SA1019 WeCom mandates RSA PKCS#1 v1.5 for the archive random key (reference §7.4)
			rk, err := rsa.DecryptPKCS1v15(nil, keys().Private(r.PublicKeyVer), ct)
			if err != nil {
				t.Fatalf("seq %d: rsa: %v", r.Seq, err)
			}
			plain, err := c.DecryptData(ctx, string(rk), r.EncryptChatMsg)
			if err != nil {
				t.Fatalf("seq %d: %v", r.Seq, err)
			}
			var m map[string]any
			if err := json.Unmarshal(plain, &m); err != nil {
				t.Fatal(err)
			}
			out = append(out, m)
			after = r.Seq
		}
	}
}

func TestGeneratedArchiveRoundTrip(t *testing.T) {
	t.Parallel()
	a, truth := archivesim.Generate(keys(), archivesim.Options{Seed: 1})
	msgs := decryptAll(t, client(t, a, archivesim.Config{CorpID: "wwc", Secret: "sim"}))
	if len(msgs) != len(truth) || len(truth) != 300 {
		t.Fatalf("%d messages, truth %d", len(msgs), len(truth))
	}
	seen := map[string]bool{}
	for i, m := range msgs {
		if m["msgid"] != truth[i].MsgID {
			t.Fatalf("seq %d msgid %v", i+1, m["msgid"])
		}
		typ, _ := m["msgtype"].(string)
		if m["action"] == "switch" {
			typ = "switch"
		}
		seen[typ] = true
	}
	for _, mt := range archivesim.MsgTypes {
		if !seen[mt] {
			t.Errorf("msgtype %s not generated", mt)
		}
	}
	b, _ := archivesim.Generate(keys(), archivesim.Options{Seed: 1})
	if !equalPlain(a.Plaintexts(), b.Plaintexts()) {
		t.Error("same seed gave a different archive")
	}
}

func equalPlain(x, y [][]byte) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if !bytes.Equal(x[i], y[i]) {
			return false
		}
	}
	return true
}

// TestMediaIsRealAndChunked downloads every media file in 512 KB chunks
// and checks md5 and that each decodes as its kind.
func TestMediaIsRealAndChunked(t *testing.T) {
	t.Parallel()
	a, truth := archivesim.Generate(keys(), archivesim.Options{Seed: 2})
	c := client(t, a, archivesim.Config{})
	msgs := a.Plaintexts()
	multi := false
	for i, tr := range truth {
		for _, id := range tr.Media {
			data, chunks := download(t, c, id)
			multi = multi || chunks > 1
			checkKind(t, tr.MsgType, data, msgs[i])
		}
	}
	if !multi {
		t.Error("no media needed more than one chunk")
	}
}

func download(t *testing.T, c *finance.SimClient, id string) ([]byte, int) {
	t.Helper()
	var buf []byte
	idx, n := "", 0
	for {
		ch, err := c.GetMediaData(context.Background(), id, idx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.Data) > finance.ChunkSize {
			t.Fatalf("chunk of %d bytes", len(ch.Data))
		}
		buf, n = append(buf, ch.Data...), n+1
		if ch.Finish {
			return buf, n
		}
		if !strings.HasPrefix(ch.OutIndexBuf, "Range:bytes=") {
			t.Fatalf("indexbuf %q", ch.OutIndexBuf)
		}
		idx = ch.OutIndexBuf
	}
}

func checkKind(t *testing.T, msgtype string, data, plain []byte) {
	t.Helper()
	sum := md5.Sum(data)
	if msgtype != "meeting_voice_call" && !bytes.Contains(plain, []byte(hex.EncodeToString(sum[:]))) {
		t.Errorf("%s: md5 %x not in message", msgtype, sum)
	}
	switch msgtype {
	case "image", "emotion", "chatrecord", "mixed":
		if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
			t.Errorf("%s: not an image: %v", msgtype, err)
		}
	case "voice":
		if !bytes.HasPrefix(data, []byte("#!AMR\n")) || (len(data)-6)%32 != 0 {
			t.Errorf("voice: not AMR-NB 12.2k frames")
		}
	case "meeting_voice_call":
		if data[0] != 0xFF || data[1]&0xE0 != 0xE0 || len(data)%417 != 0 {
			t.Errorf("call audio: not MPEG frames")
		}
	case "video":
		if string(data[4:8]) != "ftyp" {
			t.Errorf("video: no ftyp box")
		}
	case "file", "voip_doc_share":
		if bytes.HasPrefix(data, []byte("%PDF-")) {
			if !bytes.HasSuffix(data, []byte("%%EOF\n")) {
				t.Errorf("pdf without trailer")
			}
			return
		}
		if _, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
			t.Errorf("%s: neither PDF nor DOCX: %v", msgtype, err)
		}
	}
}

func TestKeyDirReused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	k1, err := archivesim.LoadKeyDir(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := archivesim.LoadKeyDir(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k1.PEM(1), k2.PEM(1)) {
		t.Fatal("key not reused")
	}
	if _, err := os.Stat(filepath.Join(dir, "v1.pem")); err != nil {
		t.Fatal(err)
	}
}

func TestJSONLAndFaults(t *testing.T) {
	t.Parallel()
	line := `{"msgid":"j1","action":"send","from":"a","tolist":["b"],"roomid":"","msgtime":1,"msgtype":"text","text":{"content":"hi"}}`
	a, err := archivesim.ReadJSONL(strings.NewReader(line+"\n\n"+strings.Replace(line, "j1", "j2", 1)+"\n"), keys(), 2)
	if err != nil || a.Len() != 2 {
		t.Fatalf("ReadJSONL: %v, %d", err, a.Len())
	}
	msgs := decryptAll(t, client(t, a, archivesim.Config{}))
	if msgs[1]["msgid"] != "j2" {
		t.Fatalf("%v", msgs)
	}
	if _, err := archivesim.ReadJSONL(strings.NewReader("{}\n"), keys(), 1); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("bad line: %v", err)
	}
	a.AddMedia("f", []byte("x"))
	c := client(t, a, archivesim.Config{Faults: always{"media10010": true, "10001": true}})
	if _, err := c.GetMediaData(context.Background(), "f", ""); finance.CodeOf(err) != finance.CodeExpired {
		t.Fatalf("media fault: %v", err)
	}
	if _, err := c.GetChatData(context.Background(), finance.ChatRequest{Limit: 10}); !finance.IsTransient(err) {
		t.Fatalf("10001 fault: %v", err)
	}
	c = client(t, a, archivesim.Config{Faults: always{"5xx": true}})
	if _, err := c.GetChatData(context.Background(), finance.ChatRequest{Limit: 10}); !finance.IsTransient(err) {
		t.Fatalf("5xx fault: %v", err)
	}
}
