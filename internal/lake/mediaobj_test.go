package lake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"wecomadmin/internal/store/storetest"
)

// TestManifestListsMedia: with media bytes on, the manifest (and the
// report) list every media object the rows reference with its size and
// SHA-256, which is the hash of the bytes in the lake; a later run that
// references it again lists it as already there; a file whose bytes do
// not match its stored hash is refused and not left in the lake.
func TestManifestListsMedia(t *testing.T) {
	cases := []struct {
		name    string
		sha     string // the store's content hash of the image ("" = the right one)
		wantErr error
	}{
		{"listed with size and sha256", "", nil},
		{"bytes that do not match are refused", "00" + pngSHA[2:], ErrMediaHash},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				ctx := context.Background()
				f := newFixture(t, b, Options{})
				if c.sha != "" {
					storetest.Exec(t, f.st, `UPDATE media SET sha256 = '`+c.sha+`' WHERE msgid = 'm3'`)
				}
				if _, err := f.svc.SetSettings(ctx, Settings{CorpID: "ww1", MediaBytes: true}); err != nil {
					t.Fatal(err)
				}
				res, err := f.svc.Export(ctx, "ww1", "test")
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("export: %v, want %v", err, c.wantErr)
				}
				if c.wantErr != nil {
					if _, err := os.Stat(f.path(f.svc.mediaKey("ww1", c.sha))); !os.IsNotExist(err) {
						t.Errorf("mismatched media left in the lake: %v", err)
					}
					return
				}
				var man Manifest
				body, err := os.ReadFile(f.path(res.ManifestKey))
				if err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(body, &man); err != nil {
					t.Fatal(err)
				}
				if len(man.Media) != 1 || len(res.Media) != 1 {
					t.Fatalf("manifest media %+v, report %+v", man.Media, res.Media)
				}
				o := man.Media[0]
				data, err := os.ReadFile(f.path(o.Key))
				if err != nil {
					t.Fatal(err)
				}
				sum := sha256.Sum256(data)
				if o.SHA256 != pngSHA || hex.EncodeToString(sum[:]) != o.SHA256 || o.Bytes != int64(len(data)) || !o.Copied {
					t.Errorf("media object %+v; lake holds %d bytes hashing %x", o, len(data), sum)
				}
				// The media row changes: the next run references the object again, already there.
				storetest.Exec(t, f.st, `UPDATE media SET state = 'converted', updated_at = 5000 WHERE msgid = 'm3'`)
				next, err := f.svc.Export(ctx, "ww1", "test")
				if err != nil || len(next.Media) != 1 || next.Media[0].Copied || next.Media[0].Bytes != o.Bytes {
					t.Errorf("next run media %+v %v", next.Media, err)
				}
			})
		})
	}
}
