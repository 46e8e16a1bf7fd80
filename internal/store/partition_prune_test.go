package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// planPartitions is the set of partitions of messages a plan reads.
func planPartitions(t *testing.T, st *store.Store, q string, args ...any) (map[string]bool, string) {
	t.Helper()
	plan, err := st.ExplainForTest(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("explain: %v\n%s", err, q)
	}
	seen := map[string]bool{}
	for _, m := range partitionScan.FindAllStringSubmatch(plan, -1) {
		seen[m[1]] = true
	}
	return seen, plan
}

// TestPerIDStatementsReadOneMonth: the statements that name messages by id
// (the search reindex of one message, retention's delete and tombstones of
// a batch) carry msgtime, the partition key, so PostgreSQL reads only the
// month holding them, not every month's primary key.
func TestPerIDStatementsReadOneMonth(t *testing.T) {
	b := storetest.Open(t, "postgres")
	ctx := context.Background()
	st := b.Store
	storetest.SeedCorp(t, st, "wwc1", "c1")
	for i := range 9 {
		at := time.Date(2025, time.Month(1+i%3), 5, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
		if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1),
			MsgType: "text", From: "u1", ToList: `["wmx"]`, MsgTime: at.UnixMilli(), Content: "不良反应"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.EnsureMessagePartitions(ctx, time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC), 0); err != nil {
		t.Fatal(err)
	}
	var feb []store.Message
	for _, id := range []string{"m1", "m4"} {
		m, err := st.MessageByMsgID(ctx, "wwc1", id)
		if err != nil {
			t.Fatal(err)
		}
		feb = append(feb, m)
	}
	for _, c := range []struct {
		what string
		q    string
		args []any
	}{
		{"reindex", store.ReindexSQLForTest, []any{"'x':1", feb[0].ID, feb[0].MsgTime}},
		{"retention delete", store.DeleteMessagesSQLForTest(2), []any{feb[0].ID, feb[1].ID, feb[0].MsgTime, feb[1].MsgTime}},
	} {
		seen, plan := planPartitions(t, st, c.q, c.args...)
		if len(seen) != 1 || !seen["messages_p202502"] {
			t.Errorf("%s reads partitions %v, want only messages_p202502:\n%s", c.what, seen, plan)
		}
	}
	// And they do what they say: the two February rows go, the rest stay.
	if err := st.WithTx(ctx, func(ctx context.Context) error {
		_, err := st.DeleteMessages(ctx, "wwc1", feb)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for i := range 9 {
		_, err := st.MessageByMsgID(ctx, "wwc1", fmt.Sprintf("m%d", i))
		if gone := i == 1 || i == 4; gone != (err != nil) {
			t.Errorf("m%d: gone %v, err %v", i, gone, err)
		}
	}
}
