package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// recordingQuerier keeps every statement the read pool was sent.
type recordingQuerier struct {
	store.QuerierForTest
	mu   sync.Mutex
	sent []sentQuery
}

type sentQuery struct {
	sql  string
	args []any
}

func (r *recordingQuerier) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	r.mu.Lock()
	r.sent = append(r.sent, sentQuery{q, args})
	r.mu.Unlock()
	return r.QuerierForTest.QueryContext(ctx, q, args...)
}

func (r *recordingQuerier) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	r.mu.Lock()
	r.sent = append(r.sent, sentQuery{q, args})
	r.mu.Unlock()
	return r.QuerierForTest.QueryRowContext(ctx, q, args...)
}

func (r *recordingQuerier) take() []sentQuery {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.sent
	r.sent = nil
	return out
}

func monthMS(y int, m time.Month) int64 { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).UnixMilli() }

// TestMessagePartitions: on PostgreSQL a new install's messages table is
// partitioned by month with the current month and three ahead; history
// lands in the default partition and moves into its own month when the
// task runs; a redelivered message is stored once before and after the
// move; searches and threads with a time bound read only that month's
// partition (EXPLAIN). SQLite keeps one table.
func TestMessagePartitions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		parted, err := st.MessagesPartitioned(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if parted != (b.Name == "postgres") {
			t.Fatalf("partitioned = %v on %s", parted, b.Name)
		}
		parts, err := st.MessagePartitions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range parts {
			names = append(names, p.Name)
		}
		if b.Name == "postgres" {
			now := time.Now().UTC()
			for i := 0; i <= store.PartitionsAhead; i++ {
				m := now.AddDate(0, i, 0)
				if want := fmt.Sprintf("messages_p%04d%02d", m.Year(), int(m.Month())); !slices.Contains(names, want) {
					t.Fatalf("partitions %v lack %s", names, want)
				}
			}
		} else if len(names) != 0 {
			t.Fatalf("SQLite has partitions %v", names)
		}

		// Messages from November 2023 (before any month partition) and a
		// redelivery of each.
		nov := monthMS(2023, time.November)
		insert := func(i int) bool {
			m := store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1), MsgType: "text",
				From: "u1", ToList: `["wmx"]`, ConversationID: "u1|wmx", MsgTime: nov + int64(i)*3_600_000, Content: fmt.Sprintf("不良反应 第%d条", i)}
			ok, err := st.InsertMessage(ctx, m)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		for round := range 2 {
			for i := range 20 {
				if got := insert(i); got != (round == 0) {
					t.Fatalf("round %d message %d: inserted = %v", round, i, got)
				}
			}
		}
		created, err := st.EnsureMessagePartitions(ctx, time.Now(), store.PartitionsAhead)
		if err != nil {
			t.Fatal(err)
		}
		if b.Name == "sqlite" {
			if len(created) != 0 {
				t.Fatalf("SQLite created %v", created)
			}
			return
		}
		if !slices.Equal(created, []string{"messages_p202311"}) {
			t.Fatalf("created %v, want the month waiting in the default partition", created)
		}
		count := func(table string) int {
			rows, err := st.QueryStringsForTest(ctx, "SELECT COUNT(*)::text FROM "+table)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			fmt.Sscan(rows[0][0], &n)
			return n
		}
		if n, d := count("messages_p202311"), count("messages_default"); n != 20 || d != 0 {
			t.Fatalf("after the move: month %d rows, default %d; want 20, 0", n, d)
		}
		for i := range 20 {
			if insert(i) {
				t.Fatalf("message %d stored twice after the move", i)
			}
		}
		if again, err := st.EnsureMessagePartitions(ctx, time.Now(), store.PartitionsAhead); err != nil || len(again) != 0 {
			t.Fatalf("second run created %v, %v", again, err)
		}

		// The plans, as the store sends them (recorded on the read pool).
		if err := st.AttachReadPool(ctx, b.DSN); err != nil {
			t.Fatal(err)
		}
		rec := &recordingQuerier{}
		st.WrapReadPoolForTest(func(q store.QuerierForTest) store.QuerierForTest { rec.QuerierForTest = q; return rec })
		rctx := store.ReadReplica(ctx)
		bounded := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}, From: nov, To: monthMS(2023, time.December) - 1}
		q, _ := textindex.Parse("不良")
		hits, err := st.SearchMessages(rctx, q, bounded, 10)
		if err != nil || len(hits) != 10 {
			t.Fatalf("search: %d hits, %v", len(hits), err)
		}
		checkPlans(t, st, "search", rec.take())
		thread := bounded
		thread.ConversationID = "u1|wmx"
		if msgs, err := st.ListMessages(rctx, thread, 0, false, 5); err != nil || len(msgs) != 5 {
			t.Fatalf("thread: %d, %v", len(msgs), err)
		}
		checkPlans(t, st, "thread", rec.take())
	})
}

var partitionScan = regexp.MustCompile(`on (messages_[a-z0-9_]+?)(?:_[a-z_]+_idx| [a-z]|\n|$)`)

// checkPlans explains every statement on messages that was sent and wants
// each to read only November 2023's partition.
func checkPlans(t *testing.T, st *store.Store, what string, sent []sentQuery) {
	t.Helper()
	explained := 0
	for _, s := range sent {
		if !strings.Contains(s.sql, "FROM messages") {
			continue
		}
		plan, err := st.ExplainForTest(context.Background(), s.sql, s.args...)
		if err != nil {
			t.Fatalf("%s: explain: %v\n%s", what, err, s.sql)
		}
		explained++
		seen := map[string]bool{}
		for _, m := range partitionScan.FindAllStringSubmatch(plan, -1) {
			seen[m[1]] = true
		}
		if len(seen) != 1 || !seen["messages_p202311"] {
			t.Errorf("%s reads partitions %v, want only messages_p202311:\n%s\n%s", what, seen, s.sql, plan)
		}
	}
	if explained == 0 {
		t.Fatalf("%s sent nothing on messages to explain", what)
	}
}

// TestSearchWalksMonthsNewestFirst: below its window the PostgreSQL search
// walks month partitions newest first and stops early, yet pages are
// exactly the id-ordered hits even when ids do not follow msgtime (a
// message archived late into an old month); the first span's plan reads
// only the newest month.
func TestSearchWalksMonthsNewestFirst(t *testing.T) {
	b := storetest.Open(t, "postgres")
	ctx := context.Background()
	st := b.Store
	storetest.SeedCorp(t, st, "wwc1", "c1")
	type row struct {
		id    int64
		match bool
	}
	var all []row
	for i := range 240 {
		month := time.Month(1 + i%6) // ids cycle over six months: every month holds old and new ids
		if i >= 200 {
			month = 6 // the newest ids mostly in the newest month
		}
		at := time.Date(2025, month, 2, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		text := "普通消息"
		if i%3 == 0 {
			text = "不良反应"
		}
		if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1),
			MsgType: "text", From: "u1", ToList: `["wmx"]`, MsgTime: at.UnixMilli(), Content: text}); err != nil {
			t.Fatal(err)
		}
	}
	june := time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)
	if _, err := st.EnsureMessagePartitions(ctx, june, 0); err != nil {
		t.Fatal(err)
	}
	st.SetClock(func() time.Time { return june }) // the months created ahead at migrate (real time) are in the future
	rows, err := st.QueryStringsForTest(ctx, `SELECT id::text, (content = '不良反应')::text FROM messages WHERE corp_id = 'wwc1'`)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		var id int64
		fmt.Sscan(r[0], &id)
		all = append(all, row{id, r[1] == "true"})
	}
	if err := st.AttachReadPool(ctx, b.DSN); err != nil {
		t.Fatal(err)
	}
	rec := &recordingQuerier{}
	st.WrapReadPoolForTest(func(q store.QuerierForTest) store.QuerierForTest { rec.QuerierForTest = q; return rec })
	rctx := store.ReadReplica(ctx)
	q, _ := textindex.Parse("不良")
	f := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}
	var want []int64
	for _, r := range all {
		if r.match {
			want = append(want, r.id)
		}
	}
	slices.SortFunc(want, func(a, b int64) int { return int(b - a) })
	var got []int64
	for page := 0; ; page++ {
		hits, err := st.SearchPagePGForTest(rctx, q, f, 7, 5)
		if err != nil {
			t.Fatal(err)
		}
		sent := rec.take()
		if page == 0 {
			first := ""
			for _, s := range sent {
				if strings.Contains(s.sql, "m.msgtime >= $") && strings.Contains(s.sql, "@@") {
					first = s.sql
					plan, err := st.ExplainForTest(ctx, s.sql, s.args...)
					if err != nil {
						t.Fatal(err)
					}
					seen := map[string]bool{}
					for _, m := range partitionScan.FindAllStringSubmatch(plan, -1) {
						seen[m[1]] = true
					}
					if len(seen) != 1 || !seen["messages_p202506"] {
						t.Errorf("the first span reads %v, want only June 2025:\n%s", seen, plan)
					}
					break
				}
			}
			if first == "" {
				t.Fatalf("no month span was searched; sent %d statements", len(sent))
			}
		}
		for _, m := range hits {
			got = append(got, m.ID)
		}
		if len(hits) < 7 {
			break
		}
		f.BeforeID = hits[len(hits)-1].ID
	}
	if !slices.Equal(got, want) {
		t.Fatalf("pages give %d ids %v\nwant %d ids %v", len(got), got, len(want), want)
	}
}
