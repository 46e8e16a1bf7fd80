package search_test

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// copyRows is how many rows one COPY statement carries (one transaction:
// a failed load loses at most this many).
const copyRows = 500_000

// loadPG loads n generated messages the way a restore does: the month
// partitions of the corpus's span first (the store's own
// EnsureMessagePartitions), the indexes and constraints of messages set
// aside, the rows streamed in with COPY, each with the tsvector ingest
// writes (store.SearchVector), then every index and constraint rebuilt
// from its saved definition and VACUUM (ANALYZE). At ten million rows a
// load through InsertMessages takes hours on this machine; this takes
// minutes, and the schema it leaves is the migrated one.
func loadPG(b *testing.B, st *store.Store, dsn string, n int) loadInfo {
	ctx := context.Background()
	for i, c := range benchCorps {
		storetest.SeedCorp(b, st, c, "bench"+strconv.Itoa(i))
	}
	for m := time.UnixMilli(benchStart).UTC(); m.UnixMilli() < benchEnd; m = m.AddDate(0, 1, 0) {
		if _, err := st.EnsureMessagePartitions(ctx, m, 0); err != nil {
			b.Fatal(err)
		}
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	exec := func(q string) {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	exec(`SET maintenance_work_mem = '1GB'`)
	rebuild := setAsideIndexes(b, conn)

	t0 := time.Now()
	g := corpus.New(benchCorpus(n))
	rows := renderRows(g, n)
	var end int64
	for done := 0; done < n; {
		pr, pw := io.Pipe()
		go func() {
			k := 0
			for batch := range rows {
				if _, err := pw.Write(batch.text); err != nil {
					return
				}
				end = batch.last
				if k += batch.n; k >= copyRows {
					break
				}
			}
			_ = pw.Close()
		}()
		tag, err := conn.PgConn().CopyFrom(ctx, pr, `COPY messages (`+copyCols+`) FROM STDIN`)
		if err != nil {
			b.Fatal(err)
		}
		if tag.RowsAffected() == 0 {
			b.Fatalf("copy: no rows after %d", done)
		}
		done += int(tag.RowsAffected())
		b.Logf("copied %d of %d (%.0f rows/s)", done, n, float64(done)/time.Since(t0).Seconds())
	}
	copied := time.Since(t0)
	t1 := time.Now()
	for _, q := range rebuild {
		t := time.Now()
		exec(q)
		b.Logf("%.0f s: %s", time.Since(t).Seconds(), q)
	}
	indexed := time.Since(t1)
	if parts, err := st.EnsureMessagePartitions(ctx, time.UnixMilli(end), 0); err != nil { // stragglers past the span
		b.Fatal(err)
	} else if len(parts) > 0 {
		b.Logf("moved rows out of the default partition into %v", parts)
	}
	t2 := time.Now()
	exec(`VACUUM (ANALYZE) messages`)
	total := time.Since(t0)
	b.Logf("load of %d: copy %.0f s, indexes %.0f s, vacuum %.0f s", n, copied.Seconds(), indexed.Seconds(), time.Since(t2).Seconds())
	return loadInfo{N: n, Rate: float64(n) / total.Seconds(), Seconds: total.Seconds(), EndMS: end,
		CopySeconds: copied.Seconds(), IndexSeconds: indexed.Seconds()}
}

// setAsideIndexes drops the constraints and indexes of messages and
// returns the statements that put them back, indexes first.
func setAsideIndexes(b *testing.B, conn *pgx.Conn) []string {
	ctx := context.Background()
	var drop, rebuild, cons []string
	rows, err := conn.Query(ctx, `SELECT conname, pg_get_constraintdef(oid), contype::text FROM pg_constraint
		WHERE conrelid = 'messages'::regclass AND contype IN ('p', 'u', 'f') ORDER BY contype DESC`) // f, then u and p
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var name, def, kind string
		if err := rows.Scan(&name, &def, &kind); err != nil {
			b.Fatal(err)
		}
		drop = append(drop, `ALTER TABLE messages DROP CONSTRAINT `+name)
		c := `ALTER TABLE messages ADD CONSTRAINT ` + name + ` ` + def
		if kind == "f" {
			cons = append(cons, c) // after the keys
		} else {
			cons = append([]string{c}, cons...)
		}
	}
	if rows.Err() != nil {
		b.Fatal(rows.Err())
	}
	rows, err = conn.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
		AND tablename = 'messages' AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'messages'::regclass)
		ORDER BY indexname`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			b.Fatal(err)
		}
		drop, rebuild = append(drop, `DROP INDEX `+name), append(rebuild, strings.Replace(def, " ON ONLY ", " ON ", 1)) // ONLY: the parent alone
	}
	if rows.Err() != nil {
		b.Fatal(rows.Err())
	}
	for _, q := range drop {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	return append(rebuild, cons...)
}

const copyCols = `corp_id, msgid, seq, publickey_ver, action, msgtype, from_id, tolist, roomid, conversation_id, msgtime,
	content, pre_msgid, has_media, parse_status, raw, meta, created_at, search`

// rowBatch is a run of messages rendered in COPY's text format.
type rowBatch struct {
	text []byte
	n    int
	last int64 // msgtime of the batch's last message
}

// renderRows generates n messages in archive order and renders them on two
// goroutines (tokenizing is most of the work), delivering the batches in
// order.
func renderRows(g *corpus.Gen, n int) <-chan rowBatch {
	const size = 2000
	type job struct {
		msgs []store.Message
		out  chan rowBatch
	}
	jobs, order, out := make(chan job, 8), make(chan chan rowBatch, 8), make(chan rowBatch, 4)
	go func() {
		defer close(jobs)
		defer close(order)
		for done := 0; done < n; {
			j := job{msgs: make([]store.Message, 0, size), out: make(chan rowBatch, 1)}
			for len(j.msgs) < size && done < n {
				j.msgs, done = append(j.msgs, g.Next()), done+1
			}
			jobs <- j
			order <- j.out
		}
	}()
	now := time.Now().UnixMilli()
	for range 2 {
		go func() {
			for j := range jobs {
				j.out <- renderBatch(j.msgs, now)
			}
		}()
	}
	go func() {
		defer close(out)
		for c := range order {
			out <- <-c
		}
	}()
	return out
}

var copyEscape = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func renderBatch(msgs []store.Message, now int64) rowBatch {
	var b []byte
	str := func(s string) { b = append(append(b, copyEscape.Replace(s)...), '\t') }
	num := func(v int64) { b = append(strconv.AppendInt(b, v, 10), '\t') }
	for _, m := range msgs {
		if m.ToList == "" {
			m.ToList = "[]"
		}
		str(m.CorpID)
		str(m.MsgID)
		num(m.Seq)
		num(int64(m.PublicKeyVer))
		str(m.Action)
		str(m.MsgType)
		str(m.From)
		str(m.ToList)
		str(m.RoomID)
		str(m.ConversationID)
		num(m.MsgTime)
		str(m.Content)
		str(m.PreMsgID)
		num(int64(m.HasMedia))
		str("ok")
		str(m.Raw)
		str("{}")
		num(now)
		b = append(b, copyEscape.Replace(store.SearchVector(m))...)
		b = append(b, '\n')
	}
	return rowBatch{text: b, n: len(msgs), last: msgs[len(msgs)-1].MsgTime}
}

// Sizes of the PostgreSQL load, for docs/SCALE.md: per month partition
// and in total, heap (with TOAST) and indexes.
func reportPGSizes(b *testing.B, conn *pgx.Conn) {
	ctx := context.Background()
	rows, err := conn.Query(ctx, `SELECT c.relname, c.reltuples::bigint, pg_table_size(c.oid), pg_indexes_size(c.oid),
		pg_total_relation_size(c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'messages'::regclass ORDER BY c.relname`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	var tuples, heap, idx, total int64
	for rows.Next() {
		var name string
		var t, h, x, all int64
		if err := rows.Scan(&name, &t, &h, &x, &all); err != nil {
			b.Fatal(err)
		}
		tuples, heap, idx, total = tuples+max(t, 0), heap+h, idx+x, total+all
		lines = append(lines, fmt.Sprintf("%s rows≈%d heap=%s indexes=%s total=%s", name, t, mb(h), mb(x), mb(all)))
	}
	if rows.Err() != nil {
		b.Fatal(rows.Err())
	}
	b.Logf("partitions:\n%s\nall: rows≈%d heap=%s indexes=%s total=%s (%.0f B/message)", strings.Join(lines, "\n"),
		tuples, mb(heap), mb(idx), mb(total), float64(total)/float64(max(tuples, 1)))
	rows.Close()
	rows, err = conn.Query(ctx, `SELECT p.relname, SUM(pg_relation_size(i.inhrelid))::bigint FROM pg_inherits i
		JOIN pg_class p ON p.oid = i.inhparent WHERE p.relkind = 'I' AND p.relname LIKE 'messages%' GROUP BY p.relname ORDER BY 2 DESC`)
	if err != nil {
		b.Fatal(err)
	}
	lines = lines[:0]
	for rows.Next() {
		var name string
		var size int64
		if err := rows.Scan(&name, &size); err != nil {
			b.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%s=%s", name, mb(size)))
	}
	if rows.Err() != nil {
		b.Fatal(rows.Err())
	}
	b.Logf("indexes over all partitions: %s", strings.Join(lines, " "))
	b.ReportMetric(float64(heap)/float64(max(tuples, 1)), "heap_B/msg")
	b.ReportMetric(float64(idx)/float64(max(tuples, 1)), "indexes_B/msg")
}

func mb(n int64) string { return fmt.Sprintf("%.0fMB", float64(n)/(1<<20)) }
