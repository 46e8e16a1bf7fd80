// Package archivesim is the simulator's conversation archive: records
// encrypted per message the way WeCom's archive does (a random key
// RSA-encrypted with the public key of a publickey_ver; the message
// encrypted with that random key, see finance.SimSeal), served in seq order
// over the finance simulator protocol, with media in 512 KB chunks, faults,
// a generator of realistic conversations and a JSONL loader.
package archivesim

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"sync"

	"wecomadmin/internal/finance"
)

// entry is one archived message, kept decrypted; encryption happens as it
// is served (the random key's RSA ciphertext is computed once per version).
type entry struct {
	seq       uint64
	msgid     string
	ver       int
	keyIdx    int
	plaintext []byte
	corrupt   string // "", "base64", "wrongkey", "truncated", "nokey"
}

// Archive is one corp's message archive. It is safe for concurrent use.
type Archive struct {
	mu       sync.RWMutex
	keys     *KeyRing
	entries  []entry
	rkeys    []string          // random keys (32 ASCII chars)
	encKeys  map[[2]int]string // (keyIdx, ver) → base64 RSA ciphertext
	media    map[string][]byte
	spoken   []Spoken   // generated audio and its script (speech.go)
	labels   []Labelled // monitoring ground truth (monitoring.go)
	wrongKey *rsa.PrivateKey
	// KeyShare makes that many consecutive messages share one random key
	// (the ingest cache's best case); 1 (default) gives each its own.
	keyShare int
}

// NewArchive returns an empty archive using keys.
func NewArchive(keys *KeyRing) *Archive {
	return &Archive{keys: keys, encKeys: map[[2]int]string{}, media: map[string][]byte{}, keyShare: 1}
}

// SetKeyShare sets how many consecutive messages share a random key.
func (a *Archive) SetKeyShare(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if n < 1 {
		n = 1
	}
	a.keyShare = n
}

// Add appends a decrypted message (WeCom JSON) under key version ver and
// returns its seq.
func (a *Archive) Add(msgid string, ver int, plaintext []byte) uint64 {
	return a.add(entry{msgid: msgid, ver: ver, plaintext: plaintext})
}

// AddCorrupt appends a record that cannot be ingested: kind is "base64"
// (encrypt_chat_msg not base64), "wrongkey" (random key encrypted with a
// key the portal does not hold), "truncated" (plaintext JSON cut short) or
// "nokey" (a publickey_ver with no key).
func (a *Archive) AddCorrupt(msgid string, ver int, plaintext []byte, kind string) uint64 {
	return a.add(entry{msgid: msgid, ver: ver, plaintext: plaintext, corrupt: kind})
}

func (a *Archive) add(e entry) uint64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	e.seq = uint64(len(a.entries) + 1)
	if len(a.entries)%a.keyShare == 0 || len(a.rkeys) == 0 {
		a.rkeys = append(a.rkeys, newRandomKey())
	}
	e.keyIdx = len(a.rkeys) - 1
	a.entries = append(a.entries, e)
	return e.seq
}

// AddMedia stores a file's bytes under sdkfileid.
func (a *Archive) AddMedia(sdkfileid string, data []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.media[sdkfileid] = data
}

// Media returns the bytes of sdkfileid.
func (a *Archive) Media(sdkfileid string) ([]byte, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	b, ok := a.media[sdkfileid]
	return b, ok
}

// MediaCount is the number of distinct files the records refer to.
func (a *Archive) MediaCount() int {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return len(a.media)
}

// Len is the number of records (the last seq).
func (a *Archive) Len() int {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return len(a.entries)
}

// Page returns up to limit encrypted records with seq > after.
func (a *Archive) Page(after uint64, limit int) ([]finance.Record, error) {
	a.mu.RLock()
	start := int(after)
	if start > len(a.entries) {
		start = len(a.entries)
	}
	end := min(start+limit, len(a.entries))
	page := append([]entry(nil), a.entries[start:end]...)
	a.mu.RUnlock()
	out := make([]finance.Record, 0, len(page))
	for _, e := range page {
		r, err := a.encrypt(e)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (a *Archive) encrypt(e entry) (finance.Record, error) {
	plain := e.plaintext
	if e.corrupt == "truncated" {
		plain = plain[:len(plain)/2]
	}
	rk := a.rkeys[e.keyIdx]
	msg, err := finance.SimSeal(rk, plain)
	if err != nil {
		return finance.Record{}, err
	}
	ek, err := a.encryptedKey(e)
	if err != nil {
		return finance.Record{}, err
	}
	r := finance.Record{Seq: e.seq, MsgID: e.msgid, PublicKeyVer: e.ver, EncryptRandomKey: ek, EncryptChatMsg: msg}
	switch e.corrupt {
	case "base64":
		r.EncryptChatMsg = "!!not base64!!" + msg[:8]
	case "nokey":
		r.PublicKeyVer = 999
	}
	return r, nil
}

// encryptedKey returns the RSA ciphertext of the entry's random key under its
// version, computed once per (random key, version) like one sender's SDK.
func (a *Archive) encryptedKey(e entry) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if e.corrupt == "wrongkey" {
		if a.wrongKey == nil {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				return "", err
			}
			a.wrongKey = k
		}
		return rsaEncrypt(&a.wrongKey.PublicKey, a.rkeys[e.keyIdx])
	}
	id := [2]int{e.keyIdx, e.ver}
	if s, ok := a.encKeys[id]; ok {
		return s, nil
	}
	k := a.keys.Private(e.ver)
	if k == nil {
		return "", fmt.Errorf("archivesim: no key version %d", e.ver)
	}
	s, err := rsaEncrypt(&k.PublicKey, a.rkeys[e.keyIdx])
	if err != nil {
		return "", err
	}
	a.encKeys[id] = s
	return s, nil
}

func rsaEncrypt(pub *rsa.PublicKey, s string) (string, error) {
	//lint:ignore SA1019 WeCom mandates RSA PKCS#1 v1.5 for the archive random key (reference §7.4)
	ct, err := rsa.EncryptPKCS1v15(rand.Reader, pub, []byte(s))
	if err != nil {
		return "", fmt.Errorf("archivesim: rsa encrypt: %w", err)
	}
	return base64.StdEncoding.EncodeToString(ct), nil
}

const keyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func newRandomKey() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = keyAlphabet[int(b[i])%len(keyAlphabet)]
	}
	return string(b[:])
}

// Plaintexts returns every message's decrypted JSON in seq order (fuzz
// corpora, tests).
func (a *Archive) Plaintexts() [][]byte {
	a.mu.RLock()
	defer a.mu.RUnlock()
	out := make([][]byte, len(a.entries))
	for i, e := range a.entries {
		out[i] = e.plaintext
	}
	return out
}
