package app

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"wecomadmin/internal/blob"
	"wecomadmin/internal/media"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecomsim/archivesim"
)

// checkMediaStoredOnce waits until every media job has finished, then
// checks that each file the archives reference has one media row, was
// downloaded (scanning is off, so it rests unscanned) and that the shared
// blob directory holds each distinct content once and nothing else.
func checkMediaStoredOnce(t *testing.T, st *store.Store, blobDir string, truth map[string][]archivesim.Truth) {
	t.Helper()
	ctx := context.Background()
	want := 0
	for _, tr := range truth {
		for _, m := range tr {
			want += len(m.Media)
		}
	}
	if want == 0 {
		t.Fatal("the archives hold no media: nothing would be checked")
	}
	counts := func() map[store.JobState]int64 {
		cs, err := st.JobCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[store.JobState]int64{}
		for _, c := range cs {
			if c.Kind == media.KindDownload {
				out[c.State] += c.N
			}
		}
		return out
	}
	until(t, "every media job finished", func() bool {
		c := counts()
		return c[store.JobSucceeded]+c[store.JobDead]+c[store.JobCancelled] == int64(want)
	})
	if c := counts(); c[store.JobSucceeded] != int64(want) {
		t.Fatalf("media jobs %v, want %d succeeded", c, want)
	}
	keys := map[string]bool{}
	for corp, tr := range truth {
		rows := map[[2]string]store.Media{}
		for after := int64(0); ; {
			page, err := st.ListMedia(ctx, store.MediaFilter{CorpID: corp, AfterID: after, Limit: 500, Scope: store.DeptScope{All: true}})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page {
				k := [2]string{m.MsgID, m.SDKFileID}
				if _, dup := rows[k]; dup {
					t.Fatalf("%s: media %s of %s stored twice", corp, m.SDKFileID, m.MsgID)
				}
				rows[k] = m
			}
			if len(page) < 500 {
				break
			}
			after = page[len(page)-1].ID
		}
		n := 0
		for _, msg := range tr {
			for _, id := range msg.Media {
				n++
				m, ok := rows[[2]string{msg.MsgID, id}]
				switch {
				case !ok:
					t.Fatalf("%s: media %s of %s (%s) has no row", corp, id, msg.MsgID, msg.MsgType)
				case m.State != media.StateUnscanned || m.ScanResult != "unscanned":
					t.Fatalf("%s: media %d is %s/%s (%s), want unscanned", corp, m.ID, m.State, m.ScanResult, m.LastError)
				case m.SHA256 == "" || m.BlobKey != blob.ContentKey(m.SHA256) || m.Size == 0:
					t.Fatalf("%s: media %d: blob %q, sha256 %q, %d bytes", corp, m.ID, m.BlobKey, m.SHA256, m.Size)
				}
				keys[m.BlobKey] = true
			}
		}
		if len(rows) != n {
			t.Fatalf("%s: %d media rows, the archive references %d files", corp, len(rows), n)
		}
	}
	var files []string
	err := filepath.WalkDir(blobDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(blobDir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !keys[f] {
			t.Errorf("blob store holds %s, which no media row names", f)
		}
	}
	if len(files) != len(keys) {
		t.Errorf("blob store holds %d objects, want the %d distinct contents", len(files), len(keys))
	}
	t.Logf("%d media files, %d distinct objects in the shared blob store", want, len(keys))
}
