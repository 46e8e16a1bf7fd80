package audit

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/csvcell"
	"wecomadmin/internal/store"
)

// Filter selects entries (see store.AuditFilter).
type Filter = store.AuditFilter

// List returns entries newest first and the cursor of the next page ("" at the end).
func (r *Recorder) List(ctx context.Context, f Filter) ([]store.AuditEvent, string, error) {
	f, err := scopeFilter(ctx, auth.AuditRead, f)
	if err != nil {
		return nil, "", err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	want := f.Limit
	f.Limit++
	es, err := r.st.ListAudit(ctx, f)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(es) > want {
		es = es[:want]
		next = strconv.FormatInt(es[want-1].ID, 10)
	}
	return es, next, nil
}

// Get returns one entry.
func (r *Recorder) Get(ctx context.Context, id int64) (store.AuditEvent, error) {
	e, err := r.st.AuditByID(ctx, id)
	if err != nil {
		return e, err
	}
	if p, ok := auth.FromContext(ctx); ok && !p.CanInCorp(auth.AuditRead, "") && (e.CorpID == "" || !p.CanInCorp(auth.AuditRead, e.CorpID)) {
		return store.AuditEvent{}, fmt.Errorf("audit: event %d: %w", id, store.ErrNotFound)
	}
	return e, nil
}

// scopeFilter limits f to what the caller on ctx may read: a caller whose
// perm is limited to corps reads only one of those corps (the one asked
// for, or their only one), never the deployment-wide events.
func scopeFilter(ctx context.Context, perm auth.Permission, f Filter) (Filter, error) {
	p, ok := auth.FromContext(ctx)
	if !ok || p.Kind == auth.KindSystem || p.CanInCorp(perm, "") {
		return f, nil
	}
	if f.CorpID == "" {
		var corps []string
		for _, g := range p.Grants {
			if g.Role.Has(perm) && len(g.Departments) == 0 && !slices.Contains(corps, g.CorpID) {
				corps = append(corps, g.CorpID)
			}
		}
		if len(corps) != 1 {
			return f, fmt.Errorf("audit: a corp-scoped reader must name the corp: %w", auth.ErrForbidden)
		}
		f.CorpID = corps[0]
	}
	if !p.CanInCorp(perm, f.CorpID) {
		return f, fmt.Errorf("audit: events of corp %s: %w", f.CorpID, auth.ErrForbidden)
	}
	return f, nil
}

// utf8BOM starts every CSV file the audit trail exports.
const utf8BOM = "\ufeff"

// MaxExportRows bounds one CSV export; narrow the filter for more.
const MaxExportRows = 200_000

// CSVExport is an audit export that has been measured and recorded but not
// yet written: WriteTo streams it, so an export of MaxExportRows entries
// never sits in memory (it did, whole, and twice with its digest).
type CSVExport struct {
	Rows   int
	SHA256 string // of the whole file, BOM included; recorded in the chain
	r      *Recorder
	f      Filter
	upTo   int64 // newest id exported: later entries (this export's own) are not in it
}

// ExportCSV prepares a CSV export of matching entries, newest first: a first
// pass streams the file into SHA-256 only, the export (filter, rows and the
// file's digest) is recorded in the chain, and only then may the caller
// write the file with WriteTo, which reads the same entries again. The
// trail is append-only, so both passes see the same rows.
func (r *Recorder) ExportCSV(ctx context.Context, f Filter) (*CSVExport, error) {
	f, err := scopeFilter(ctx, auth.AuditExport, f)
	if err != nil {
		return nil, err
	}
	x := &CSVExport{r: r, f: f}
	h := sha256.New()
	if x.Rows, x.upTo, err = r.writeCSV(ctx, f, 0, h); err != nil {
		return nil, err
	}
	x.SHA256 = hex.EncodeToString(h.Sum(nil))
	err = r.Record(ctx, Event{Action: AuditExport, Target: "audit", Metadata: map[string]any{
		"format": "csv", "rows": x.Rows, "sha256": x.SHA256, "filter": filterMeta(f)}})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// WriteTo streams the file to w. It fails when what it wrote differs from
// the digest recorded (entries pruned between the passes), so the caller
// can log it; the bytes already sent cannot be taken back.
func (x *CSVExport) WriteTo(ctx context.Context, w io.Writer) error {
	h := sha256.New()
	rows := 0
	if x.Rows > 0 {
		var err error
		if rows, _, err = x.r.writeCSV(ctx, x.f, x.upTo+1, io.MultiWriter(w, h)); err != nil {
			return err
		}
	} else if _, _, err := x.r.writeCSV(ctx, x.f, -1, io.MultiWriter(w, h)); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != x.SHA256 || rows != x.Rows {
		return fmt.Errorf("audit: export changed while written: %d rows %s, recorded %d rows %s", rows, got, x.Rows, x.SHA256)
	}
	return nil
}

// writeCSV writes the BOM, the header and the entries of f with ids below
// before (0: no bound; -1: the header alone), a page at a time, and returns
// the rows written and the newest id among them.
func (r *Recorder) writeCSV(ctx context.Context, f Filter, before int64, out io.Writer) (rows int, newest int64, err error) {
	if _, err := io.WriteString(out, utf8BOM); err != nil { // Excel on Chinese Windows reads a CSV without one as GBK
		return 0, 0, err
	}
	w := csv.NewWriter(out)
	_ = w.Write([]string{"id", "at", "actor", "actor_type", "ip", "user_agent", "action", "target", "corp_id",
		"outcome", "reason", "request_id", "metadata", "prev_hash", "hash"})
	f.BeforeID = before
	for before >= 0 && rows < MaxExportRows {
		f.Limit = min(exportPage, MaxExportRows-rows)
		es, err := r.st.ListAudit(ctx, f)
		if err != nil {
			return 0, 0, fmt.Errorf("audit: export: %w", err)
		}
		for _, e := range es {
			if err := w.Write(csvcell.Row([]string{strconv.FormatInt(e.ID, 10), time.UnixMilli(e.At).UTC().Format(time.RFC3339Nano), e.Actor,
				e.ActorType, e.IP, e.UserAgent, e.Action, e.Target, e.CorpID, e.Outcome, e.Reason, e.RequestID,
				e.Metadata, e.PrevHash, e.Hash})); err != nil {
				return 0, 0, fmt.Errorf("audit: export: %w", err)
			}
			if newest == 0 {
				newest = e.ID
			}
			f.BeforeID = e.ID
			rows++
		}
		if len(es) < f.Limit {
			break
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return 0, 0, fmt.Errorf("audit: export: %w", err)
	}
	return rows, newest, nil
}

// exportPage is how many entries one query of an export reads.
const exportPage = 1000

func filterMeta(f Filter) map[string]any {
	m := map[string]any{}
	for k, v := range map[string]string{"actor": f.Actor, "action": f.Action, "target": f.Target, "outcome": f.Outcome, "corp_id": f.CorpID} {
		if v != "" {
			m[k] = v
		}
	}
	if f.From > 0 {
		m["from"] = f.From
	}
	if f.To > 0 {
		m["to"] = f.To
	}
	return m
}
