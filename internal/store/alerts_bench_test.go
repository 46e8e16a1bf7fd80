package store_test

import (
	"context"
	"fmt"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// BenchmarkAlertQueue measures one page of the review queue (50 alerts,
// newest first) and its count over 20,000 messages and 4,000 alerts, for an
// unscoped and a department-scoped reviewer; a tenth of the alerts' messages
// are purged (closed alerts outlive them).
func BenchmarkAlertQueue(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			st := storetest.Open(b, kind).Store
			ctx := context.Background()
			storetest.SeedCorp(b, st, "wwb", "b")
			for i := range 20 {
				if err := st.UpsertEmployee(ctx, store.Employee{CorpID: "wwb", EmployeeID: fmt.Sprintf("E%d", i), UserID: fmt.Sprintf("e%d", i),
					Name: "n", DepartmentPath: fmt.Sprintf("总部/部%d", i%4), HRStatus: "active"}); err != nil {
					b.Fatal(err)
				}
			}
			msgs := make([]store.Message, 20_000)
			for i := range msgs {
				msgs[i] = store.Message{CorpID: "wwb", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1), MsgType: "text",
					From: fmt.Sprintf("e%d", i%20), ToList: `["wmx"]`, ConversationID: fmt.Sprintf("c%d", i%500), MsgTime: int64(i), Content: "x"}
			}
			if _, err := st.InsertMessages(ctx, msgs); err != nil {
				b.Fatal(err)
			}
			var purge []store.Message
			for i := 0; i < 20_000; i += 5 {
				if _, _, err := st.InsertAlert(ctx, store.Alert{CorpID: "wwb", MsgID: msgs[i].MsgID, Employee: msgs[i].From,
					MsgTime: int64(i), Labels: []string{"pii"}}); err != nil {
					b.Fatal(err)
				}
				if i%50 == 0 {
					m, _ := st.MessageByMsgID(ctx, "wwb", msgs[i].MsgID)
					purge = append(purge, m)
				}
			}
			if err := st.WithTx(ctx, func(ctx context.Context) error {
				_, err := st.DeleteMessages(ctx, "wwb", purge)
				return err
			}); err != nil {
				b.Fatal(err)
			}
			for _, sc := range []struct {
				name  string
				scope store.DeptScope
			}{{"all", store.DeptScope{All: true}}, {"dept", store.DeptScope{Paths: []string{"总部/部1"}}}} {
				f := store.AlertFilter{CorpID: "wwb", Scope: sc.scope}
				b.Run(sc.name+"/list", func(b *testing.B) {
					for b.Loop() {
						if rows, err := st.ListAlerts(ctx, f, 50); err != nil || len(rows) != 50 {
							b.Fatal(len(rows), err)
						}
					}
				})
				b.Run(sc.name+"/count", func(b *testing.B) {
					for b.Loop() {
						if _, err := st.CountAlerts(ctx, f); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
