package audit_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/reqmeta"
	"wecomadmin/internal/store/storetest"
)

// TestFreeTextIsBounded: a megabyte User-Agent, reason or metadata from
// outside is cut before it is stored, and the chain stays intact (finding 3).
func TestFreeTextIsBounded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := audit.New(b.Store, nil, nil)
		huge := strings.Repeat("界", 1<<18) // 768 KiB of three-byte runes
		ctx := reqmeta.With(context.Background(), reqmeta.Meta{IP: huge, UserAgent: huge, RequestID: huge})
		if err := r.Record(ctx, audit.Event{Action: audit.AuthDenied, Target: huge, Reason: huge,
			Metadata: map[string]any{"username": huge}}); err != nil {
			t.Fatal(err)
		}
		es, _, err := r.List(context.Background(), audit.Filter{Limit: 1})
		if err != nil || len(es) != 1 {
			t.Fatal(err)
		}
		e := es[0]
		total := len(e.IP) + len(e.UserAgent) + len(e.RequestID) + len(e.Target) + len(e.Reason) + len(e.Metadata)
		if total > 4096 || !utf8.ValidString(e.UserAgent) || !strings.HasSuffix(e.UserAgent, "[truncated]") || !strings.Contains(e.Metadata, `"truncated":true`) {
			t.Fatalf("stored %d bytes: ua %q… meta %s", total, e.UserAgent[:40], e.Metadata)
		}
		if rep, err := r.Verify(context.Background()); err != nil || !rep.Intact {
			t.Fatalf("verify: %+v %v", rep, err)
		}
	})
}

func FuzzBound(f *testing.F) {
	f.Add("界界界", 7)
	f.Add("abc", 0)
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = 16 + (n&0xff)%200
		got := audit.Bound(s, n)
		if len(got) > n || (utf8.ValidString(s) && !utf8.ValidString(got)) {
			t.Fatalf("Bound(%q, %d) = %q", s, n, got)
		}
	})
}

// TestAuditCSVCellsCannotBeFormulas: a failed sign-in's username and
// User-Agent are attacker-chosen; the audit CSV shows them as text (finding 6).
func TestAuditCSVCellsCannotBeFormulas(t *testing.T) {
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	r := audit.New(b.Store, nil, nil)
	ctx := reqmeta.With(context.Background(), reqmeta.Meta{UserAgent: "=cmd|' /C calc'!A0"})
	if err := r.Record(ctx, audit.Event{Action: audit.AuthDenied, Target: "@evil", Reason: "-2+3"}); err != nil {
		t.Fatal(err)
	}
	x, err := r.ExportCSV(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := x.WriteTo(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%v %d", err, len(recs))
	}
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
}
