package lake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"wecomadmin/internal/blob"
	"wecomadmin/internal/store"
)

// MediaObject is one media file in the lake that a run's rows reference
// (MediaRef.LakeKey), as the manifest lists it: content-addressed, so an
// object is written once and later runs list it again with Copied false.
type MediaObject struct {
	Key    string `json:"key"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
	Copied bool   `json:"copied"` // written by this run (else it was already there)
}

// ErrMediaHash is returned when a media file's bytes do not hash to the
// content hash the store holds for it: it is not copied into the lake.
var ErrMediaHash = errors.New("lake: media bytes do not match their SHA-256")

// mediaObject copies a clean file into the lake by content address (once
// per run) and lists it on the run.
func (r *run) mediaObject(ctx context.Context, m store.Media) (string, error) {
	if i, ok := r.mediaIdx[m.SHA256]; ok {
		return r.res.Media[i].Key, nil
	}
	key := r.s.mediaKey(r.corpID, m.SHA256)
	obj := MediaObject{Key: key, SHA256: m.SHA256}
	if info, err := r.s.out.Stat(ctx, key); err == nil {
		obj.Bytes = info.Size // verified when it was copied
	} else if !errors.Is(err, blob.ErrNotFound) {
		return "", fmt.Errorf("lake: stat media: %w", err)
	} else if obj.Bytes, err = r.copyMedia(ctx, m, key); err != nil {
		return "", err
	} else {
		obj.Copied = true
		r.res.Bytes += obj.Bytes
	}
	if r.mediaIdx == nil {
		r.mediaIdx = map[string]int{}
	}
	r.mediaIdx[m.SHA256] = len(r.res.Media)
	r.res.Media = append(r.res.Media, obj)
	return key, nil
}

// copyMedia streams the file from the portal's bucket into the lake,
// hashing it on the way; a file whose bytes do not match is removed.
func (r *run) copyMedia(ctx context.Context, m store.Media, key string) (int64, error) {
	src, err := r.s.media.Open(ctx, m.BlobKey)
	if err != nil {
		return 0, fmt.Errorf("lake: open media %d: %w", m.ID, err)
	}
	defer src.Close()
	h := sha256.New()
	size := src.Info().Size
	if err := r.s.out.Put(ctx, key, io.TeeReader(src, h), size); err != nil {
		return 0, fmt.Errorf("lake: copy media %d: %w", m.ID, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != m.SHA256 {
		if err := r.s.out.Delete(ctx, key); err != nil {
			r.s.log.Error("lake: delete mismatched media", "key", key, "err", err)
		}
		return 0, fmt.Errorf("%w: media %d is %s, store says %s", ErrMediaHash, m.ID, got, m.SHA256)
	}
	return size, nil
}
