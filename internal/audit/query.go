package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
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

// ExportCSV renders matching entries as CSV, newest first, and records the
// export (filter, rows and the file's SHA-256) in the chain before the file
// is returned.
func (r *Recorder) ExportCSV(ctx context.Context, f Filter) ([]byte, string, error) {
	var buf bytes.Buffer
	buf.WriteString(utf8BOM) // Excel on Chinese Windows reads a CSV without one as GBK
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"id", "at", "actor", "actor_type", "ip", "user_agent", "action", "target", "corp_id",
		"outcome", "reason", "request_id", "metadata", "prev_hash", "hash"})
	f, err := scopeFilter(ctx, auth.AuditExport, f)
	if err != nil {
		return nil, "", err
	}
	rows := 0
	f.BeforeID = 0
	for rows < MaxExportRows {
		f.Limit = 1000
		es, err := r.st.ListAudit(ctx, f)
		if err != nil {
			return nil, "", fmt.Errorf("audit: export: %w", err)
		}
		for _, e := range es {
			_ = w.Write(csvcell.Row([]string{strconv.FormatInt(e.ID, 10), time.UnixMilli(e.At).UTC().Format(time.RFC3339Nano), e.Actor,
				e.ActorType, e.IP, e.UserAgent, e.Action, e.Target, e.CorpID, e.Outcome, e.Reason, e.RequestID,
				e.Metadata, e.PrevHash, e.Hash}))
			f.BeforeID = e.ID
			rows++
		}
		if len(es) < 1000 {
			break
		}
	}
	w.Flush()
	sum := sha256.Sum256(buf.Bytes())
	digest := hex.EncodeToString(sum[:])
	err = r.Record(ctx, Event{Action: AuditExport, Target: "audit", Metadata: map[string]any{
		"format": "csv", "rows": rows, "sha256": digest, "filter": filterMeta(f)}})
	if err != nil {
		return nil, "", err
	}
	return buf.Bytes(), digest, nil
}

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
