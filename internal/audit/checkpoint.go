package audit

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// Signer signs checkpoints with Ed25519. The key pair is derived from the
// configured secret (security.audit_signing_key), so the same secret gives
// the same key after a restart, and auditors can check signatures with the
// public key alone.
type Signer struct {
	priv ed25519.PrivateKey
	pub  ed25519.PublicKey
	id   string
}

// NewSigner derives the key pair from secret (at least 32 characters).
func NewSigner(secret string) (*Signer, error) {
	if len(secret) < 32 {
		return nil, fmt.Errorf("audit: signing key must be at least 32 characters")
	}
	seed := sha256.Sum256([]byte("wecomadmin audit checkpoint v1\x00" + secret))
	priv := ed25519.NewKeyFromSeed(seed[:])
	pub := priv.Public().(ed25519.PublicKey)
	sum := sha256.Sum256(pub)
	return &Signer{priv: priv, pub: pub, id: hex.EncodeToString(sum[:8])}, nil
}

// KeyID names the key (the first 8 bytes of the public key's SHA-256, hex).
func (s *Signer) KeyID() string { return s.id }

// Sign signs b (a manifest) and returns the signature in base64.
func (s *Signer) Sign(b []byte) string {
	return base64.StdEncoding.EncodeToString(ed25519.Sign(s.priv, b))
}

// VerifyBytes checks a signature Sign made over b.
func (s *Signer) VerifyBytes(b []byte, sig string) bool {
	raw, err := base64.StdEncoding.DecodeString(sig)
	return err == nil && ed25519.Verify(s.pub, b, raw)
}

// PublicKey is the verification key, base64.
func (s *Signer) PublicKey() string { return base64.StdEncoding.EncodeToString(s.pub) }

// signedForm is what a checkpoint's signature covers.
func signedForm(c store.AuditCheckpoint) []byte {
	b, _ := json.Marshal(struct {
		At          int64  `json:"at"`
		LastEventID int64  `json:"last_event_id"`
		LastHash    string `json:"last_hash"`
		EventCount  int64  `json:"event_count"`
		KeyID       string `json:"key_id"`
	}{c.At, c.LastEventID, c.LastHash, c.EventCount, c.KeyID})
	return b
}

// Verify checks a checkpoint's signature.
func (s *Signer) Verify(c store.AuditCheckpoint) bool {
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	return err == nil && c.KeyID == s.id && ed25519.Verify(s.pub, signedForm(c), sig)
}

// ErrNoSigner means no signing key is configured.
var ErrNoSigner = fmt.Errorf("audit: no signing key configured (security.audit_signing_key)")

// Checkpoint signs and stores the chain's current head. It writes nothing
// (and returns the latest checkpoint) when the head has not moved.
func (r *Recorder) Checkpoint(ctx context.Context) (store.AuditCheckpoint, error) {
	if r.signer == nil {
		return store.AuditCheckpoint{}, ErrNoSigner
	}
	// A checkpoint vouches for the whole chain: writing one takes
	// audit:export over every corp, not a read permission.
	if err := auth.RequireInCorp(ctx, auth.AuditExport, ""); err != nil {
		return store.AuditCheckpoint{}, fmt.Errorf("audit: checkpoint: %w", err)
	}
	id, hash, count, err := r.st.AuditHead(ctx)
	if err != nil {
		return store.AuditCheckpoint{}, fmt.Errorf("audit: checkpoint: %w", err)
	}
	last, err := r.st.ListAuditCheckpoints(ctx, 1)
	if err != nil {
		return store.AuditCheckpoint{}, fmt.Errorf("audit: checkpoint: %w", err)
	}
	if len(last) == 1 && last[0].LastEventID == id && last[0].KeyID == r.signer.id {
		return last[0], nil
	}
	c := store.AuditCheckpoint{At: r.now().UnixMilli(), LastEventID: id, LastHash: hash, EventCount: count, KeyID: r.signer.id}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(r.signer.priv, signedForm(c)))
	c, err = r.st.AddAuditCheckpoint(ctx, c)
	if err != nil {
		return store.AuditCheckpoint{}, fmt.Errorf("audit: checkpoint: %w", err)
	}
	return c, nil
}

// CheckpointView is a checkpoint with its signature checked.
type CheckpointView struct {
	store.AuditCheckpoint
	Valid bool
}

// Checkpoints lists recent checkpoints, newest first, each with whether its
// signature verifies under the configured key.
func (r *Recorder) Checkpoints(ctx context.Context, limit int) ([]CheckpointView, error) {
	cs, err := r.st.ListAuditCheckpoints(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]CheckpointView, 0, len(cs))
	for _, c := range cs {
		out = append(out, CheckpointView{c, r.signer != nil && r.signer.Verify(c)})
	}
	return out, nil
}

// Signer returns the checkpoint signer (nil when none is configured).
func (r *Recorder) Signer() *Signer { return r.signer }

// RunCheckpoints writes a checkpoint every interval until ctx ends; run it
// under supervise.Group.
func (r *Recorder) RunCheckpoints(ctx context.Context, interval time.Duration) error {
	if r.signer == nil {
		r.log.WarnContext(ctx, "audit checkpoints disabled: security.audit_signing_key is not set")
		<-ctx.Done()
		return nil
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := r.Checkpoint(ctx); err != nil && ctx.Err() == nil {
			r.log.ErrorContext(ctx, "audit checkpoint failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
