package archivefmt

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Signer signs a manifest (the audit signing key: audit.Signer).
type Signer interface {
	Sign(b []byte) string
	KeyID() string
	PublicKey() string
}

// SignedFile is one JSONL file a signed manifest covers.
type SignedFile struct {
	Name   string `json:"name"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// SignedManifest lists files with their hashes; Signature is Ed25519 over
// the manifest's JSON with Signature empty.
type SignedManifest struct {
	CorpID    string       `json:"corp_id"`
	CreatedAt string       `json:"created_at"`
	Files     []SignedFile `json:"files"`
	KeyID     string       `json:"key_id"`
	PublicKey string       `json:"public_key"` // base64 Ed25519
	Signature string       `json:"signature,omitempty"`
}

// SignedBody is the exact bytes the signature covers.
func (m SignedManifest) SignedBody() []byte {
	m.Signature = ""
	b, _ := json.Marshal(m)
	return b
}

// WriteJSONL writes rows one JSON object a line and describes the file.
func WriteJSONL[T any](w io.Writer, name string, rows []T) (SignedFile, error) {
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(w, h)}
	enc := json.NewEncoder(cw)
	for i := range rows {
		if err := enc.Encode(&rows[i]); err != nil {
			return SignedFile{}, fmt.Errorf("archivefmt: jsonl: %w", err)
		}
	}
	return SignedFile{Name: name, Rows: int64(len(rows)), Bytes: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Sign builds the signed manifest of files.
func Sign(s Signer, corpID string, now time.Time, files []SignedFile) SignedManifest {
	m := SignedManifest{CorpID: corpID, CreatedAt: now.UTC().Format(time.RFC3339), Files: files, KeyID: s.KeyID(),
		PublicKey: s.PublicKey()}
	m.Signature = s.Sign(m.SignedBody())
	return m
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
