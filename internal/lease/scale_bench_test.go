package lease_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

// BenchmarkReplicasIngest ingests five simulated corps with 1 and with 3
// replicas on one PostgreSQL and reports messages/s (the same run is each
// other's baseline), then the table and index bytes per stored message.
func BenchmarkReplicasIngest(b *testing.B) {
	kr, err := archivesim.NewKeyRing(1)
	if err != nil {
		b.Fatal(err)
	}
	keys, err := archive.NewKeys(map[int][]byte{1: kr.PEM(1)})
	if err != nil {
		b.Fatal(err)
	}
	const corpsN, perCorp = 5, 2000
	for _, n := range []int{1, 3} {
		b.Run(fmt.Sprintf("replicas=%d", n), func(b *testing.B) {
			var dsn string
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				be := storetest.Open(b, "postgres")
				dsn = be.DSN
				var corps []simCorp
				for i := range corpsN {
					id := fmt.Sprintf("wwbenchcorp%05d", i)
					storetest.SeedCorp(b, be.Store, id, fmt.Sprintf("c%d", i))
					a, truth := archivesim.Generate(kr, archivesim.Options{Seed: uint64(300 + i), Messages: perCorp, KeyVersions: 1, KeyShare: 20, TextOnly: true})
					srv := archivesim.NewServer(a, archivesim.Config{CorpID: id, Secret: "sim"})
					hs := httptest.NewServer(srv)
					b.Cleanup(hs.Close)
					corps = append(corps, simCorp{id: id, srv: srv, url: hs.URL, truth: truth})
				}
				b.StartTimer()
				var reps []*replica
				for range n {
					reps = append(reps, startReplica(b, be.DSN, corps, keys))
				}
				waitAll(b, be.Store, corps, perCorp)
				b.StopTimer()
				for _, r := range reps {
					r.stop()
				}
			}
			b.ReportMetric(float64(corpsN*perCorp*b.N)/b.Elapsed().Seconds(), "msgs/s")
			reportBytes(b, dsn, corpsN*perCorp)
		})
	}
}

func waitAll(b *testing.B, st *store.Store, corps []simCorp, perCorp int64) {
	b.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(10 * time.Minute)
	for {
		done := true
		for _, c := range corps {
			cur, err := st.ArchiveCursor(ctx, c.id)
			if err != nil {
				b.Fatal(err)
			}
			done = done && cur.Seq == perCorp
		}
		if done {
			return
		}
		if time.Now().After(deadline) {
			b.Fatal("ingest did not finish")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// reportBytes reports heap and index bytes per message of the tables that
// grow with messages (for docs/SCALE.md's projection).
func reportBytes(b *testing.B, dsn string, msgs int) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT relname, pg_table_size(relid), pg_indexes_size(relid) FROM pg_stat_user_tables
		WHERE relname IN ('messages', 'message_raw', 'conversations', 'search_terms') OR relname LIKE 'search%' OR relname LIKE 'message%'`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var table, index int64
		if err := rows.Scan(&name, &table, &index); err != nil {
			b.Fatal(err)
		}
		if table+index < 64<<10 {
			continue
		}
		b.ReportMetric(float64(table)/float64(msgs), name+"_table_B/msg")
		b.ReportMetric(float64(index)/float64(msgs), name+"_index_B/msg")
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
}
