package export

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"

	"wecomadmin/internal/store"
)

// ManifestEntry is one file of a ZIP export, or a media file left out.
type ManifestEntry struct {
	Path    string `json:"path,omitempty"`
	MsgID   string `json:"msgid,omitempty"`
	Kind    string `json:"kind,omitempty"`
	Name    string `json:"filename,omitempty"`
	SHA256  string `json:"sha256,omitempty"`
	Size    int64  `json:"size,omitempty"`
	Skipped string `json:"skipped,omitempty"` // why a referenced file is not in the ZIP
}

// mediaSpool keeps the media references of an export in a temp file (one
// JSON line each), so a huge export's media list is not held in memory.
type mediaSpool struct {
	f *os.File
	w *bufio.Writer
}

func newMediaSpool(dir string) (*mediaSpool, error) {
	f, err := os.CreateTemp(dir, "export-media-*")
	if err != nil {
		return nil, fmt.Errorf("export: media spool: %w", err)
	}
	return &mediaSpool{f: f, w: bufio.NewWriter(f)}, nil
}

// spooled is a MediaRef with its blob key (which MediaRef keeps out of JSON).
type spooled struct {
	store.MediaRef
	Key string `json:"k"`
}

func (m *mediaSpool) add(r store.MediaRef) error {
	b, _ := json.Marshal(spooled{r, r.BlobKey})
	b = append(b, '\n')
	_, err := m.w.Write(b)
	return err
}

// each reads the references back in order.
func (m *mediaSpool) each(fn func(store.MediaRef) error) error {
	if err := m.w.Flush(); err != nil {
		return err
	}
	if _, err := m.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sc := bufio.NewScanner(m.f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var r spooled
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return err
		}
		r.BlobKey = r.Key
		if err := fn(r.MediaRef); err != nil {
			return err
		}
	}
	return sc.Err()
}

func (m *mediaSpool) remove() {
	m.f.Close()
	os.Remove(m.f.Name())
}

// zipParts packs the transcript's parts (a file, or PDF volumes), every
// clean media file (streamed from the bucket) when media is set, and
// manifest.json (SHA-256 of every file) into one new part.
func (s *Service) zipParts(ctx context.Context, e *store.Export, parts []part, media *mediaSpool) (part, error) {
	ps := &partSet{dir: s.o.TempDir}
	pf, err := ps.create(fmt.Sprintf("export-%d.%s.zip", e.ID, e.Format))
	if err != nil {
		return part{}, err
	}
	zw := zip.NewWriter(pf)
	fail := func(err error) (part, error) {
		pf.abort()
		return part{}, fmt.Errorf("export %d: zip: %w", e.ID, err)
	}
	var manifest []ManifestEntry
	for _, p := range parts {
		f, err := p.open()
		if err != nil {
			return fail(err)
		}
		err = copyEntry(zw, p.Name, f)
		f.Close()
		if err != nil {
			return fail(err)
		}
		manifest = append(manifest, ManifestEntry{Path: p.Name, SHA256: p.SHA256, Size: p.Size})
	}
	if media != nil {
		seen := map[string]ManifestEntry{}
		err := media.each(func(m store.MediaRef) error {
			me, err := s.packMedia(ctx, zw, m, seen)
			manifest = append(manifest, me)
			return err
		})
		if err != nil {
			return fail(err)
		}
	}
	mw, err := zw.Create("manifest.json")
	if err != nil {
		return fail(err)
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"export_id": e.ID, "requested_by": e.RequestedBy, "format": e.Format,
		"volumes": len(parts), "files": manifest}); err != nil {
		return fail(err)
	}
	if err := zw.Close(); err != nil {
		return fail(err)
	}
	if err := pf.Close(); err != nil {
		return part{}, err
	}
	return ps.list[0], nil
}

// packMedia adds one referenced media file (once per blob) or says why not.
func (s *Service) packMedia(ctx context.Context, zw *zip.Writer, m store.MediaRef, seen map[string]ManifestEntry) (ManifestEntry, error) {
	me := ManifestEntry{MsgID: m.MsgID, Kind: m.Kind, Name: m.FileName, SHA256: m.SHA256}
	switch {
	case m.BlobKey == "":
		me.Skipped = "not downloaded (" + m.State + ")"
		return me, nil
	case m.ScanResult != "clean":
		me.Skipped = "not scanned clean (" + m.ScanResult + ")" // infected files are never served
		return me, nil
	}
	if prev, ok := seen[m.BlobKey]; ok {
		me.Path, me.SHA256, me.Size = prev.Path, prev.SHA256, prev.Size
		return me, nil
	}
	me.Path = "media/" + path.Base(m.BlobKey) + path.Ext(m.FileName)
	sum, n, err := s.copyBlob(ctx, zw, me.Path, m.BlobKey)
	if err != nil {
		return me, err
	}
	me.SHA256, me.Size = sum, n
	seen[m.BlobKey] = me
	return me, nil
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
