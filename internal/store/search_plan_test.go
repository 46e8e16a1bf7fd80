package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/textindex"
)

// TestSearchPlanNoSort: on SQLite the newest-first page is FTS5's rowid
// walk, never a sort of every hit, with or without filters.
func TestSearchPlanNoSort(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "plan.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	q, _ := textindex.Parse("不良 会议")
	for _, f := range []MessageFilter{
		{CorpID: "c", Scope: DeptScope{All: true}},
		{CorpID: "c", Scope: DeptScope{All: true}, Employee: "e1", MsgTypes: []string{"text"}, From: 1, To: 2, BeforeID: 99},
		{CorpID: "c", Scope: DeptScope{Paths: []string{"总部"}}, Contact: "wm1", RoomID: "r1"},
	} {
		rows, err := s.query(ctx, "EXPLAIN QUERY PLAN "+s.searchSQL(f, "m.id", "ORDER BY m.id DESC LIMIT ?", false), append(s.searchArgs(q, f), 50)...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		joined := strings.Join(plan, "; ")
		if strings.Contains(joined, "TEMP B-TREE") || !strings.Contains(joined, "message_fts") {
			t.Errorf("filter %+v: plan sorts or skips the index: %s", f, joined)
		}
		if !strings.HasPrefix(plan[0], "SCAN message_fts") {
			t.Errorf("filter %+v: the index does not drive the walk: %s", f, joined)
		}
	}
	f := MessageFilter{CorpID: "c", Scope: DeptScope{All: true}, From: 1, To: 2}
	var id, parent, unused int
	var detail string
	if err := s.queryRow(ctx, "EXPLAIN QUERY PLAN "+s.searchSQL(f, "m.id", "ORDER BY m.id DESC LIMIT ?", true),
		append(s.searchArgs(q, f), 50)...).Scan(&id, &parent, &unused, &detail); err != nil || !strings.Contains(detail, "messages_time") {
		t.Errorf("narrow range: plan starts %q (%v), want the messages_time index", detail, err)
	}
}
