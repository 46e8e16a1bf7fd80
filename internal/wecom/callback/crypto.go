// Package callback implements WeCom's callback security scheme
// (WXBizMsgCrypt): URL verification, signature checks, AES-256-CBC
// decryption and encryption of event envelopes, and parsing of the event
// XML into typed structs. It is a leaf package: it imports nothing internal.
package callback

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// blockSize is WeCom's PKCS#7 block: 32 bytes, not AES's 16.
const blockSize = 32

// MaxMessage bounds a decrypted message; WeCom events are a few KiB.
const MaxMessage = 1 << 20

// Crypter signs, verifies, encrypts and decrypts for one callback
// configuration (token, EncodingAESKey, receiveid = corpid).
type Crypter struct {
	token     string
	key       []byte
	receiveID string
	rand      io.Reader
}

// New checks the EncodingAESKey (43 base64 characters → 32 bytes).
func New(token, encodingAESKey, receiveID string) (*Crypter, error) {
	if len(encodingAESKey) != 43 {
		return nil, wrap(ErrIllegalAESKey, fmt.Errorf("length %d, want 43", len(encodingAESKey)))
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, wrap(ErrIllegalAESKey, err)
	}
	return &Crypter{token: token, key: key, receiveID: receiveID, rand: rand.Reader}, nil
}

// ReceiveID is the corpid this crypter accepts.
func (c *Crypter) ReceiveID() string { return c.receiveID }

// Signature is hex(sha1(concat(sort(token, timestamp, nonce, encrypted)))).
func (c *Crypter) Signature(timestamp, nonce, encrypted string) string {
	return Signature(c.token, timestamp, nonce, encrypted)
}

// Signature computes the WeCom message signature for any token.
func Signature(token, timestamp, nonce, encrypted string) string {
	parts := []string{token, timestamp, nonce, encrypted}
	sort.Strings(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return hex.EncodeToString(sum[:])
}

// verify compares signatures in constant time.
func (c *Crypter) verify(sig, timestamp, nonce, encrypted string) error {
	want := c.Signature(timestamp, nonce, encrypted)
	if subtle.ConstantTimeCompare([]byte(strings.ToLower(sig)), []byte(want)) != 1 {
		return ErrValidateSignature
	}
	return nil
}

// VerifyURL answers the GET verification: it checks the signature over
// echostr (already URL-decoded) and returns the decrypted plaintext.
func (c *Crypter) VerifyURL(sig, timestamp, nonce, echostr string) ([]byte, error) {
	if err := c.verify(sig, timestamp, nonce, echostr); err != nil {
		return nil, err
	}
	return c.Decrypt(echostr)
}

// Envelope is the POST body WeCom sends.
type Envelope struct {
	XMLName    xml.Name `xml:"xml"`
	ToUserName string   `xml:"ToUserName"`
	AgentID    string   `xml:"AgentID"`
	Encrypt    string   `xml:"Encrypt"`
}

// DecryptMsg checks the signature of a POSTed envelope and returns the
// decrypted event XML.
func (c *Crypter) DecryptMsg(sig, timestamp, nonce string, body []byte) ([]byte, error) {
	var env Envelope
	if err := xml.Unmarshal(body, &env); err != nil {
		return nil, wrap(ErrParseXML, err)
	}
	if env.Encrypt == "" {
		return nil, wrap(ErrParseXML, errors.New("no Encrypt element"))
	}
	if err := c.verify(sig, timestamp, nonce, env.Encrypt); err != nil {
		return nil, err
	}
	return c.Decrypt(env.Encrypt)
}

// Decrypt opens one base64 ciphertext and checks its receiveid.
func (c *Crypter) Decrypt(encrypted string) ([]byte, error) {
	raw, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return nil, wrap(ErrDecodeBase64, err)
	}
	if len(raw) == 0 || len(raw)%aes.BlockSize != 0 {
		return nil, wrap(ErrDecryptAES, fmt.Errorf("ciphertext length %d", len(raw)))
	}
	block, err := aes.NewCipher(c.key)
	if err != nil {
		return nil, wrap(ErrDecryptAES, err)
	}
	plain := make([]byte, len(raw))
	cipher.NewCBCDecrypter(block, c.key[:aes.BlockSize]).CryptBlocks(plain, raw)
	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > blockSize || pad > len(plain) {
		return nil, wrap(ErrIllegalBuffer, fmt.Errorf("padding %d", pad))
	}
	plain = plain[:len(plain)-pad]
	if len(plain) < 20 {
		return nil, wrap(ErrIllegalBuffer, errors.New("plaintext too short"))
	}
	n := binary.BigEndian.Uint32(plain[16:20])
	if uint64(n) > uint64(len(plain)-20) || n > MaxMessage {
		return nil, wrap(ErrIllegalBuffer, fmt.Errorf("msg_len %d exceeds buffer", n))
	}
	msg := plain[20 : 20+n]
	rid := plain[20+n:]
	if subtle.ConstantTimeCompare(rid, []byte(c.receiveID)) != 1 {
		return nil, ErrValidateReceiveID
	}
	return bytes.Clone(msg), nil
}

// Encrypt seals msg as WeCom does, with a fresh random prefix.
func (c *Crypter) Encrypt(msg []byte) (string, error) {
	var r [16]byte
	if _, err := io.ReadFull(c.rand, r[:]); err != nil {
		return "", wrap(ErrEncryptAES, err)
	}
	return c.EncryptWithRandom(r, msg)
}

// EncryptWithRandom seals msg with a given 16-byte prefix (deterministic
// output for tests and golden vectors).
func (c *Crypter) EncryptWithRandom(random [16]byte, msg []byte) (string, error) {
	if len(msg) > MaxMessage {
		return "", wrap(ErrEncryptAES, errors.New("message too large"))
	}
	buf := make([]byte, 0, 20+len(msg)+len(c.receiveID)+blockSize)
	buf = append(buf, random[:]...)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(msg)))
	buf = append(buf, msg...)
	buf = append(buf, c.receiveID...)
	pad := blockSize - len(buf)%blockSize
	buf = append(buf, bytes.Repeat([]byte{byte(pad)}, pad)...)
	block, err := aes.NewCipher(c.key)
	if err != nil {
		return "", wrap(ErrEncryptAES, err)
	}
	cipher.NewCBCEncrypter(block, c.key[:aes.BlockSize]).CryptBlocks(buf, buf)
	return base64.StdEncoding.EncodeToString(buf), nil
}

// Sealed is an encrypted event ready to POST: the query parameters and the
// envelope body.
type Sealed struct {
	Signature string
	Timestamp string
	Nonce     string
	Body      []byte
}

// Seal encrypts msg into a POST envelope signed for timestamp and nonce;
// the simulator's callback sender uses it.
func (c *Crypter) Seal(msg []byte, agentID, timestamp, nonce string) (Sealed, error) {
	enc, err := c.Encrypt(msg)
	if err != nil {
		return Sealed{}, err
	}
	body, err := xml.Marshal(Envelope{ToUserName: c.receiveID, AgentID: agentID, Encrypt: enc})
	if err != nil {
		return Sealed{}, wrap(ErrGenXML, err)
	}
	return Sealed{Signature: c.Signature(timestamp, nonce, enc), Timestamp: timestamp, Nonce: nonce, Body: body}, nil
}

type replyXML struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      string   `xml:"Encrypt"`
	MsgSignature string   `xml:"MsgSignature"`
	TimeStamp    string   `xml:"TimeStamp"`
	Nonce        string   `xml:"Nonce"`
}

// EncryptReply builds a passive encrypted reply (rarely needed).
func (c *Crypter) EncryptReply(msg []byte, timestamp, nonce string) ([]byte, error) {
	enc, err := c.Encrypt(msg)
	if err != nil {
		return nil, err
	}
	out, err := xml.Marshal(replyXML{Encrypt: enc, MsgSignature: c.Signature(timestamp, nonce, enc), TimeStamp: timestamp, Nonce: nonce})
	if err != nil {
		return nil, wrap(ErrGenXML, err)
	}
	return out, nil
}
