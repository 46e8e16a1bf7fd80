package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestConvertMessagesToPartitioned: a PostgreSQL messages table that held
// rows before 00100 is converted online: interrupted after two batches
// while rows are updated, deleted and added, then resumed to the swap; no
// row is lost or stale, ids go on, de-duplication holds, and the schema
// is the one a new install gets.
func TestConvertMessagesToPartitioned(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.NewPostgresDB(t)
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.MigrateUpToForTest(ctx, 85); err != nil {
		t.Fatal(err)
	}
	storetest.SeedCorp(t, st, "wwc1", "c1")
	msg := func(i int, at time.Time) store.Message {
		return store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%03d", i), Seq: int64(i + 1), MsgType: "text", From: "u1",
			ToList: `["wmx"]`, ConversationID: "u1|wmx", MsgTime: at.UnixMilli(), Content: fmt.Sprintf("不良反应 %d", i)}
	}
	base := time.Date(2025, 10, 20, 0, 0, 0, 0, time.UTC)
	for i := range 90 { // about three months, one a day, and one without a time
		at := base.AddDate(0, 0, i)
		if i == 89 {
			at = time.UnixMilli(0)
		}
		if _, err := st.InsertMessage(ctx, msg(i, at)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Migrate(ctx); err != nil { // 00100 leaves a table with rows alone
		t.Fatal(err)
	}
	if ok, _ := st.MessagesPartitioned(ctx); ok {
		t.Fatal("00100 converted a table that held rows")
	}

	stop, cancel := context.WithCancel(ctx)
	batches := 0
	_, err = st.ConvertMessagesToPartitioned(stop, 20, func(p store.ConvertProgress) {
		if p.Phase == "copy" && p.Copied > 0 {
			if batches++; batches == 2 {
				cancel() // the operator's Ctrl-C
			}
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: err = %v", err)
	}
	// Meanwhile the portal works on: a copied row changes, one goes, new ones come.
	storetest.Exec(t, st, `UPDATE messages SET content = 'changed' WHERE msgid = 'm005'`)
	storetest.Exec(t, st, `DELETE FROM messages WHERE msgid = 'm006'`)
	for i := 90; i < 95; i++ {
		if _, err := st.InsertMessage(ctx, msg(i, base.AddDate(0, 0, i))); err != nil {
			t.Fatal(err)
		}
	}
	var phases []string
	p, err := st.ConvertMessagesToPartitioned(ctx, 20, func(p store.ConvertProgress) { phases = append(phases, p.Phase) })
	if err != nil {
		t.Fatal(err)
	}
	if p.Phase != "done" || !slices.Contains(phases, "swap") || p.Copied < 94 {
		t.Fatalf("resumed run: %+v, phases %v", p, phases)
	}
	if ok, _ := st.MessagesPartitioned(ctx); !ok {
		t.Fatal("messages is not partitioned after the swap")
	}
	count := func(q string) string {
		rows, err := st.QueryStringsForTest(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return rows[0][0]
	}
	if got := count(`SELECT COUNT(*)::text FROM messages`); got != "94" {
		t.Fatalf("messages after the swap: %s, want 94", got)
	}
	if got := count(`SELECT content FROM messages WHERE msgid = 'm005'`); got != "changed" {
		t.Fatalf("updated row copied stale: %q", got)
	}
	if got := count(`SELECT COUNT(*)::text FROM messages WHERE msgid = 'm006'`); got != "0" {
		t.Fatal("a deleted row came back")
	}
	if got := count(`SELECT COUNT(*)::text FROM messages_default`); got != "1" {
		t.Fatalf("default partition holds %s rows, want the one without a time", got)
	}
	if got := count(`SELECT COUNT(*)::text FROM messages_p202511`); got != "30" {
		t.Fatalf("November 2025 holds %s rows", got)
	}
	if ok, err := st.InsertMessage(ctx, msg(3, base.AddDate(0, 0, 3))); err != nil || ok {
		t.Fatalf("redelivery after the swap: stored = %v, %v", ok, err)
	}
	if _, err := st.InsertMessage(ctx, msg(200, base)); err != nil {
		t.Fatal(err)
	}
	if got := count(`SELECT (id > (SELECT MAX(id) FROM messages_unpartitioned))::text FROM messages WHERE msgid = 'm200'`); got != "true" {
		t.Fatal("the id sequence did not go on past the old table")
	}
	if again, err := st.ConvertMessagesToPartitioned(ctx, 20, nil); err != nil || again.Phase != "partitioned" {
		t.Fatalf("a second run: %+v, %v", again, err)
	}

	// The converted schema is a new install's, less the kept old table.
	storetest.Exec(t, st, `DROP TABLE messages_unpartitioned`)
	got := describeSchema(t, st)
	want := describeSchema(t, storetest.Open(t, "postgres").Store)
	for _, kind := range []string{"table", "column", "index", "unique", "trigger", "partition"} {
		for k, v := range want[kind] {
			if got[kind][k] != v {
				t.Errorf("%s %s: converted %q, new install %q", kind, k, got[kind][k], v)
			}
		}
		for k := range got[kind] {
			if _, ok := want[kind][k]; !ok && !strings.HasPrefix(k, "messages_p") {
				t.Errorf("%s %s only on the converted database", kind, k)
			}
		}
	}
}
