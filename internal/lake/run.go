package lake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// Window is the part of one table a run exports: watermark values in
// (From, To], and the first part number its files take.
type Window struct {
	From      int64 `json:"from"`
	To        int64 `json:"to"`
	FirstPart int64 `json:"first_part"`
}

// TableResult is what a run wrote of one table.
type TableResult struct {
	WatermarkFrom int64      `json:"watermark_from,string"`
	WatermarkTo   int64      `json:"watermark_to,string"`
	Rows          int64      `json:"rows"`
	Files         []FileInfo `json:"files"`
}

// Result is one corp's run (the CLI prints it; the manifest holds it).
type Result struct {
	CorpID         string                 `json:"corp_id"`
	CorpKey        string                 `json:"corp_key,omitempty"`
	RunID          string                 `json:"run_id"`
	Resumed        bool                   `json:"resumed,omitempty"` // a failed run's window was exported again
	NothingNew     bool                   `json:"nothing_new,omitempty"`
	ManifestKey    string                 `json:"manifest_key,omitempty"`
	ManifestSHA256 string                 `json:"manifest_sha256,omitempty"`
	Rows           int64                  `json:"rows"`
	Bytes          int64                  `json:"bytes"`
	Tables         map[string]TableResult `json:"tables"`
	Compliance     []ComplianceResult     `json:"compliance,omitempty"` // continuous compliance feeds written after the run
	// Media lists the media objects the run's rows reference, when the
	// corp exports media bytes (the manifest has them too).
	Media []MediaObject `json:"media,omitempty"`
}

// ErrRunning is returned when a corp's run is already in progress.
var ErrRunning = errors.New("lake: a run of this corp is in progress")

// run is one corp's run in progress.
type run struct {
	s        *Service
	corpID   string
	row      store.LakeRun
	plan     map[string]Window
	settings store.LakeSettings
	files    []FileInfo // every file put or being put (persisted before each put)
	res      Result
	next     map[string]int64
	mediaIdx map[string]int // sha256 → index in res.Media
}

func allow(ctx context.Context, corpID string) error {
	// The global partition (audit without a corp) needs a grant in every corp.
	if p, ok := auth.FromContext(ctx); ok && !p.CanInCorp(auth.SettingsWrite, storeCorp(corpID)) {
		return fmt.Errorf("lake: corp %s: %w", corpID, auth.ErrForbidden)
	}
	return nil
}

// Export runs one incremental run of a corp (or resumes its failed one).
func (s *Service) Export(ctx context.Context, corpID, trigger string) (Result, error) {
	if err := allow(ctx, corpID); err != nil {
		return Result{CorpID: corpID}, err
	}
	ctx = audit.WithActor(ctx, "system:lake")
	r, err := s.begin(ctx, corpID, trigger)
	if err != nil {
		return Result{CorpID: corpID}, err
	}
	if r.res.NothingNew {
		err = s.commit(ctx, r)
	} else if err = r.execute(ctx); err != nil {
		s.failed(ctx, r, err)
		return r.res, err
	}
	if err != nil {
		return r.res, err
	}
	if corpID == GlobalCorp {
		return r.res, nil // no messages: no compliance feed
	}
	// Continuous compliance feeds follow the committed run (their own watermarks).
	r.res.Compliance, err = s.feedCompliance(ctx, corpID)
	return r.res, err
}

// begin resumes the corp's unfinished run, or plans a new one from the
// committed watermarks and the tables' current high ends.
func (s *Service) begin(ctx context.Context, corpID, trigger string) (*run, error) {
	settings, err := s.st.GetLakeSettings(ctx, corpID)
	if err != nil {
		return nil, err
	}
	r := &run{s: s, corpID: corpID, settings: settings, next: map[string]int64{}}
	prev, err := s.st.LakeUnfinishedRun(ctx, corpID)
	switch {
	case err == nil:
		return r, s.resume(ctx, r, prev)
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	marks, err := s.st.LakeWatermarks(ctx, corpID)
	if err != nil {
		return nil, err
	}
	r.plan = map[string]Window{}
	changed := false
	for _, t := range tablesOf(corpID) {
		to, err := s.st.LakeBound(ctx, storeCorp(corpID), t.name)
		if err != nil {
			return nil, err
		}
		w := marks[t.name]
		to = max(to, w.Watermark)
		r.plan[t.name] = Window{From: w.Watermark, To: to, FirstPart: w.NextPart}
		changed = changed || to > w.Watermark
	}
	plan, _ := json.Marshal(r.plan)
	r.row = store.LakeRun{ID: s.newRunID(), CorpID: corpID, State: "running", Trigger: trigger, Plan: string(plan),
		Files: "[]", Attempts: 1, StartedAt: s.now().UnixMilli()}
	r.res = Result{CorpID: corpID, RunID: r.row.ID, NothingNew: !changed, Tables: map[string]TableResult{}}
	for name, w := range r.plan {
		r.res.Tables[name] = TableResult{WatermarkFrom: w.From, WatermarkTo: w.To, Files: []FileInfo{}}
		r.next[name] = w.FirstPart
	}
	if !changed {
		return r, nil // recorded at commit, with no files
	}
	if err := s.st.InsertLakeRun(ctx, r.row); errors.Is(err, store.ErrConflict) {
		return nil, ErrRunning // another process started a run meanwhile
	} else if err != nil {
		return nil, err
	}
	return r, nil
}

// resume takes over a run that did not commit: same id, window and part
// numbers; what it had written (and its manifest, if any) is deleted first
// so nothing of the failed attempt survives beside the new files.
func (s *Service) resume(ctx context.Context, r *run, prev store.LakeRun) error {
	if prev.State == "running" && s.now().UnixMilli()-prev.StartedAt < s.o.StaleAfter.Milliseconds() {
		return ErrRunning
	}
	if err := json.Unmarshal([]byte(prev.Plan), &r.plan); err != nil {
		return fmt.Errorf("lake: run %s: plan: %w", prev.ID, err)
	}
	var old []FileInfo
	_ = json.Unmarshal([]byte(prev.Files), &old)
	if err := s.out.Delete(ctx, s.manifestKey(r.corpID, prev.ID)); err != nil {
		return fmt.Errorf("lake: run %s: delete manifest: %w", prev.ID, err)
	}
	for _, f := range old {
		if err := s.out.Delete(ctx, f.Key); err != nil {
			return fmt.Errorf("lake: run %s: delete %s: %w", prev.ID, f.Key, err)
		}
	}
	prev.State, prev.Files, prev.Rows, prev.Bytes, prev.LastError = "running", "[]", 0, 0, ""
	prev.Attempts++
	r.row = prev
	r.res = Result{CorpID: r.corpID, RunID: prev.ID, Resumed: true, Tables: map[string]TableResult{}}
	for name, w := range r.plan {
		r.res.Tables[name] = TableResult{WatermarkFrom: w.From, WatermarkTo: w.To, Files: []FileInfo{}}
		r.next[name] = w.FirstPart
	}
	return s.st.UpdateLakeRun(ctx, r.row)
}

func (s *Service) newRunID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return s.now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// execute writes every table, then the manifest, then commits.
func (r *run) execute(ctx context.Context) error {
	for _, t := range tablesOf(r.corpID) {
		w := r.plan[t.name]
		if w.To <= w.From {
			continue
		}
		out, err := t.export(ctx, r, w)
		if err != nil {
			return fmt.Errorf("lake: export %s: %w", t.name, err)
		}
		tr := r.res.Tables[t.name]
		tr.Rows, tr.Files = out.rows, out.files
		r.res.Tables[t.name] = tr
		r.res.Rows += out.rows
		r.next[t.name] = out.next
	}
	if err := r.s.fail("before_manifest"); err != nil {
		return err
	}
	if err := r.writeManifest(ctx); err != nil {
		return err
	}
	if err := r.s.fail("before_commit"); err != nil {
		return err
	}
	return r.s.commit(ctx, r)
}

// putFile records the file's key on the run first (so a failed attempt's
// files can be found and deleted), then uploads it.
func (r *run) putFile(ctx context.Context, fi FileInfo, path string) error {
	defer os.Remove(path)
	r.files = append(r.files, fi)
	if err := r.save(ctx); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("lake: open spool: %w", err)
	}
	defer f.Close()
	if err := r.s.out.Put(ctx, fi.Key, f, fi.Bytes); err != nil {
		return fmt.Errorf("lake: put %s: %w", fi.Key, err)
	}
	r.res.Bytes += fi.Bytes
	return r.s.fail("after_file")
}

func (r *run) save(ctx context.Context) error {
	b, _ := json.Marshal(r.files)
	r.row.Files, r.row.Rows, r.row.Bytes = string(b), r.res.Rows, r.res.Bytes
	return r.s.st.UpdateLakeRun(ctx, r.row)
}

// commit moves the watermarks and closes the run in one transaction with
// its audit entry: only now is the window exported.
func (s *Service) commit(ctx context.Context, r *run) error {
	r.row.State, r.row.FinishedAt = "done", s.now().UnixMilli()
	r.row.Rows, r.row.Bytes = r.res.Rows, r.res.Bytes
	b, _ := json.Marshal(r.files)
	r.row.Files = string(b)
	return s.st.WithTx(ctx, func(ctx context.Context) error {
		if r.res.NothingNew {
			if err := s.st.InsertLakeRun(ctx, r.row); err != nil {
				return err
			}
		} else {
			for name, w := range r.plan {
				if err := s.st.SetLakeWatermark(ctx, store.LakeWatermark{CorpID: r.corpID, Table: name,
					Watermark: w.To, NextPart: r.next[name]}); err != nil {
					return err
				}
			}
			if err := s.st.UpdateLakeRun(ctx, r.row); err != nil {
				return err
			}
		}
		return s.record(ctx, r, audit.Success, "")
	})
}

// failed marks the run failed (it is resumed by the next run) and audits it.
func (s *Service) failed(ctx context.Context, r *run, cause error) {
	ctx = context.WithoutCancel(ctx)
	msg := cause.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	r.row.State, r.row.LastError = "failed", msg
	if err := s.save(ctx, r); err != nil {
		s.log.Error("lake: mark run failed", "run_id", r.row.ID, "err", err)
	}
	if err := s.record(ctx, r, audit.Failure, msg); err != nil {
		s.log.Error("lake: audit failed run", "run_id", r.row.ID, "err", err)
	}
	s.log.Warn("lake: run failed", "corp_id", r.corpID, "run_id", r.row.ID, "err", cause)
}

func (s *Service) save(ctx context.Context, r *run) error { return r.save(ctx) }

func (s *Service) record(ctx context.Context, r *run, outcome, reason string) error {
	if s.audit == nil {
		return nil
	}
	return s.audit.Record(ctx, audit.Event{Action: audit.LakeExport, Target: "lake_run:" + r.row.ID, CorpID: storeCorp(r.corpID),
		Outcome: outcome, Reason: reason, Metadata: map[string]any{"run_id": r.row.ID, "rows": r.res.Rows,
			"bytes": r.res.Bytes, "files": len(r.files), "attempt": r.row.Attempts, "trigger": r.row.Trigger,
			"manifest_sha256": r.res.ManifestSHA256, "nothing_new": r.res.NothingNew}})
}
