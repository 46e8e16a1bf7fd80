package lake

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Manifest lists a run's files; it is written after every data file, so a
// reader that starts from manifests never sees a half run. Readers should
// take the rows of a table from the files the manifests list, in run order.
type Manifest struct {
	RunID         string                 `json:"run_id"`
	CorpID        string                 `json:"corp_id"`
	SchemaVersion int                    `json:"schema_version"`
	CreatedAt     string                 `json:"created_at"`
	Formats       []string               `json:"formats"`
	MediaBytes    bool                   `json:"media_bytes"`
	MaskPII       bool                   `json:"mask_pii"`
	Attempt       int                    `json:"attempt"`
	Tables        map[string]TableResult `json:"tables"`
	// Media are the media objects the rows reference (MediaRef.LakeKey),
	// each with its size and SHA-256, when media bytes are exported.
	Media []MediaObject `json:"media"`
}

func (r *run) writeManifest(ctx context.Context) error {
	m := Manifest{RunID: r.row.ID, CorpID: r.corpID, SchemaVersion: SchemaVersion,
		CreatedAt: r.s.now().UTC().Format(time.RFC3339), Formats: r.s.o.Formats, MediaBytes: r.settings.MediaBytes,
		MaskPII: r.settings.MaskPII, Attempt: r.row.Attempts, Tables: r.res.Tables, Media: r.res.Media}
	if m.Media == nil {
		m.Media = []MediaObject{}
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("lake: manifest: %w", err)
	}
	key := r.s.manifestKey(r.corpID, r.row.ID)
	if err := r.s.out.Put(ctx, key, bytes.NewReader(body), int64(len(body))); err != nil {
		return fmt.Errorf("lake: put manifest: %w", err)
	}
	sum := sha256.Sum256(body)
	r.res.ManifestKey, r.res.ManifestSHA256 = key, hex.EncodeToString(sum[:])
	return nil
}
