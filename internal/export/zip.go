package export

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"path"

	"wecomadmin/internal/store"
)

// ManifestEntry is one file of a media ZIP, or a media file left out.
type ManifestEntry struct {
	Path    string `json:"path,omitempty"`
	MsgID   string `json:"msgid,omitempty"`
	Kind    string `json:"kind,omitempty"`
	Name    string `json:"filename,omitempty"`
	SHA256  string `json:"sha256,omitempty"`
	Size    int64  `json:"size,omitempty"`
	Skipped string `json:"skipped,omitempty"` // why a referenced file is not in the ZIP
}

// zipWithMedia packs the transcript, every clean media file (streamed from
// the bucket) and manifest.json (SHA-256 of every file) into a new temp
// file; it returns the file (at its end) and the hash of its bytes.
func (s *Service) zipWithMedia(ctx context.Context, e *store.Export, transcript *os.File, transcriptSHA string, media []store.MediaRef) (*os.File, hash.Hash, error) {
	zf, err := os.CreateTemp(s.o.TempDir, "export-zip-*")
	if err != nil {
		return nil, nil, fmt.Errorf("export %d: zip temp file: %w", e.ID, err)
	}
	h := sha256.New()
	zw := zip.NewWriter(io.MultiWriter(zf, h))
	fail := func(err error) (*os.File, hash.Hash, error) {
		zf.Close()
		os.Remove(zf.Name())
		return nil, nil, fmt.Errorf("export %d: zip: %w", e.ID, err)
	}
	name := fmt.Sprintf("export-%d.%s", e.ID, e.Format)
	size, err := transcript.Seek(0, io.SeekEnd)
	if err != nil {
		return fail(err)
	}
	if _, err := transcript.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	if err := copyEntry(zw, name, transcript); err != nil {
		return fail(err)
	}
	manifest := []ManifestEntry{{Path: name, SHA256: transcriptSHA, Size: size}}
	seen := map[string]bool{}
	for _, m := range media {
		me := ManifestEntry{MsgID: m.MsgID, Kind: m.Kind, Name: m.FileName, SHA256: m.SHA256}
		switch {
		case m.BlobKey == "":
			me.Skipped = "not downloaded (" + m.State + ")"
		case m.ScanResult != "clean":
			me.Skipped = "not scanned clean (" + m.ScanResult + ")" // infected files are never served
		}
		if me.Skipped == "" {
			me.Path = "media/" + path.Base(m.BlobKey) + path.Ext(m.FileName)
			if !seen[m.BlobKey] {
				seen[m.BlobKey] = true
				sum, n, err := s.copyBlob(ctx, zw, me.Path, m.BlobKey)
				if err != nil {
					return fail(err)
				}
				me.SHA256, me.Size = sum, n
			}
		}
		manifest = append(manifest, me)
	}
	mw, err := zw.Create("manifest.json")
	if err != nil {
		return fail(err)
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"export_id": e.ID, "requested_by": e.RequestedBy, "files": manifest}); err != nil {
		return fail(err)
	}
	if err := zw.Close(); err != nil {
		return fail(err)
	}
	return zf, h, nil
}

func copyEntry(zw *zip.Writer, name string, r io.Reader) error {
	w, err := zw.Create(name)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// copyBlob streams one object into the ZIP, hashing what it actually holds.
func (s *Service) copyBlob(ctx context.Context, zw *zip.Writer, name, key string) (string, int64, error) {
	obj, err := s.bucket.Open(ctx, key)
	if err != nil {
		return "", 0, fmt.Errorf("open media %s: %w", key, err)
	}
	defer obj.Close()
	w, err := zw.Create(name)
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), obj)
	if err != nil {
		return "", 0, fmt.Errorf("copy media %s: %w", key, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
