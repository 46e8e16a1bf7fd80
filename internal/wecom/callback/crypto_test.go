package callback

import (
	"bytes"
	"crypto/aes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
)

const (
	testToken  = "QDG6eK"
	testAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	testCorp   = "wx5823bf96d3bd56c7"
)

func newTest(t testing.TB) *Crypter {
	t.Helper()
	c, err := New(testToken, testAESKey, testCorp)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	c := newTest(t)
	for _, msg := range []string{"", "a", strings.Repeat("x", 31), strings.Repeat("y", 32), "<xml><A>中文</A></xml>", strings.Repeat("z", 5000)} {
		s, err := c.Seal([]byte(msg), "1000002", "1409659813", "1372623149")
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.DecryptMsg(s.Signature, s.Timestamp, s.Nonce, s.Body)
		if err != nil || string(got) != msg {
			t.Fatalf("round trip %d bytes: %q %v", len(msg), got, err)
		}
		enc, _ := c.Encrypt([]byte(msg))
		got, err = c.VerifyURL(c.Signature("1", "2", enc), "1", "2", enc)
		if err != nil || string(got) != msg {
			t.Fatalf("verify url: %v", err)
		}
	}
}

func TestNewRejectsBadKey(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"", "short", testAESKey + "A", strings.Repeat("!", 43)} {
		if _, err := New("t", k, "c"); !errors.Is(err, ErrIllegalAESKey) {
			t.Errorf("key %q: %v", k, err)
		}
	}
}

func TestTamper(t *testing.T) {
	t.Parallel()
	c := newTest(t)
	other, _ := New(testToken, testAESKey, "wwother")
	msg := []byte("<xml><Event>x</Event></xml>")
	enc, _ := c.Encrypt(msg)
	raw, _ := base64.StdEncoding.DecodeString(enc)
	flipLast := bytes.Clone(raw)
	flipLast[len(flipLast)-1] ^= 0xff
	otherEnc, _ := other.Encrypt(msg)
	badPad := sealRaw(t, append(bytes.Repeat([]byte{1}, 63), 33)) // pad byte 33 > 32
	cases := []struct {
		name string
		run  func() error
		want *Error
	}{
		{"bad signature", func() error { _, err := c.VerifyURL("deadbeef", "1", "2", enc); return err }, ErrValidateSignature},
		{"signature of other token", func() error {
			_, err := c.VerifyURL(Signature("other", "1", "2", enc), "1", "2", enc)
			return err
		}, ErrValidateSignature},
		{"bad base64", func() error { _, err := c.Decrypt("!!!not base64"); return err }, ErrDecodeBase64},
		{"truncated", func() error { _, err := c.Decrypt(base64.StdEncoding.EncodeToString(raw[:len(raw)-5])); return err }, ErrDecryptAES},
		{"empty", func() error { _, err := c.Decrypt(""); return err }, ErrDecryptAES},
		{"last block flipped", func() error { _, err := c.Decrypt(base64.StdEncoding.EncodeToString(flipLast)); return err }, nil},
		{"bad padding", func() error { _, err := c.Decrypt(badPad); return err }, ErrIllegalBuffer},
		{"wrong receiveid", func() error { _, err := c.Decrypt(otherEnc); return err }, ErrValidateReceiveID},
		{"msg_len too large", func() error { _, err := c.Decrypt(sealRaw(t, lenLie())); return err }, ErrIllegalBuffer},
		{"envelope not xml", func() error { _, err := c.DecryptMsg("x", "1", "2", []byte("<xml><Encrypt>")); return err }, ErrParseXML},
		{"envelope without Encrypt", func() error { _, err := c.DecryptMsg("x", "1", "2", []byte("<xml></xml>")); return err }, ErrParseXML},
	}
	for _, tc := range cases {
		err := tc.run()
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("%s: untyped error %v", tc.name, err)
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want code %d", tc.name, err, tc.want.Code)
		}
	}
}

// lenLie is a plaintext claiming a msg_len longer than the buffer.
func lenLie() []byte {
	p := make([]byte, 20, 64)
	binary.BigEndian.PutUint32(p[16:], 9999)
	p = append(p, testCorp...)
	pad := 32 - len(p)%32
	return append(p, bytes.Repeat([]byte{byte(pad)}, pad)...)
}

// sealRaw encrypts an already padded buffer with the reference CBC below.
func sealRaw(t testing.TB, padded []byte) string {
	t.Helper()
	key, _ := base64.StdEncoding.DecodeString(testAESKey + "=")
	return base64.StdEncoding.EncodeToString(refCBCEncrypt(key, padded))
}

// refCBCEncrypt is an independent, block-by-block CBC written out by hand
// (XOR with the previous block, then one AES block), so the golden test does
// not lean on crypto/cipher's CBC mode that the package uses.
func refCBCEncrypt(key, plain []byte) []byte {
	b, _ := aes.NewCipher(key)
	prev := bytes.Clone(key[:16])
	out := make([]byte, len(plain))
	for i := 0; i < len(plain); i += 16 {
		var x [16]byte
		for j := range x {
			x[j] = plain[i+j] ^ prev[j]
		}
		b.Encrypt(out[i:i+16], x[:])
		prev = out[i : i+16]
	}
	return out
}

// refEncrypt follows the documented layout step by step.
func refEncrypt(key []byte, random [16]byte, msg, receiveID string) string {
	var p []byte
	p = append(p, random[:]...)
	p = append(p, byte(len(msg)>>24), byte(len(msg)>>16), byte(len(msg)>>8), byte(len(msg)))
	p = append(p, msg...)
	p = append(p, receiveID...)
	n := 32 - len(p)%32
	for i := 0; i < n; i++ {
		p = append(p, byte(n))
	}
	return base64.StdEncoding.EncodeToString(refCBCEncrypt(key, p))
}

func refSignature(parts ...string) string {
	sort.Strings(parts)
	h := sha1.New()
	for _, p := range parts {
		fmt.Fprint(h, p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestGoldenAgainstReference(t *testing.T) {
	t.Parallel()
	c := newTest(t)
	key, _ := base64.StdEncoding.DecodeString(testAESKey + "=")
	var random [16]byte
	copy(random[:], "0123456789abcdef")
	msg := `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Event><![CDATA[change_external_contact]]></Event></xml>`
	want := refEncrypt(key, random, msg, testCorp)
	got, err := c.EncryptWithRandom(random, []byte(msg))
	if err != nil || got != want {
		t.Fatalf("encrypt disagrees with reference:\n got %s\nwant %s", got, want)
	}
	dec, err := c.Decrypt(want)
	if err != nil || string(dec) != msg {
		t.Fatalf("decrypt of reference vector: %q %v", dec, err)
	}
	if s, r := c.Signature("1409659813", "1372623149", want), refSignature(testToken, "1409659813", "1372623149", want); s != r {
		t.Fatalf("signature %s, reference %s", s, r)
	}
	// A fixed published-style vector: sha1 of the sorted concatenation.
	if got := Signature("b", "a", "d", "c"); got != refSignature("abcd") {
		t.Fatalf("sorted signature %s", got)
	}
}

func FuzzDecrypt(f *testing.F) {
	c := newTest(f)
	enc, _ := c.Encrypt([]byte("<xml/>"))
	f.Add(enc)
	f.Add("")
	f.Add("AAAA")
	f.Add(sealRaw(f, lenLie()))
	f.Fuzz(func(t *testing.T, s string) {
		msg, err := c.Decrypt(s)
		if err == nil {
			back, _ := c.Encrypt(msg)
			if again, err := c.Decrypt(back); err != nil || !bytes.Equal(again, msg) {
				t.Fatalf("re-encrypt mismatch: %v", err)
			}
		}
	})
}

func FuzzDecryptMsg(f *testing.F) {
	c := newTest(f)
	s, _ := c.Seal([]byte("<xml/>"), "1", "1", "2")
	f.Add(s.Signature, string(s.Body))
	f.Add("", "<xml><Encrypt>AAAA</Encrypt></xml>")
	f.Fuzz(func(t *testing.T, sig, body string) {
		_, _ = c.DecryptMsg(sig, "1", "2", []byte(body))
	})
}
