package store_test

import (
	"context"
	"slices"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func TestUnknownCustodians(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwc1", "c1")
		storetest.SeedCorp(t, b.Store, "wwc2", "c2")
		storetest.Exec(t, b.Store, `INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at) VALUES
			('wwc1', 'zhangsan', '张三', '总部', 0, 0), ('wwc2', 'other', '外司', '总部', 0, 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO external_contacts (corp_id, external_userid, name, created_at, updated_at) VALUES ('wwc1', 'wm1', '王医生', 0, 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO follow_relations (corp_id, userid, external_userid, updated_at) VALUES ('wwc1', 'zhangsan', 'wm2', 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO group_chats (corp_id, chat_id, name, updated_at) VALUES ('wwc1', 'r1', '客户群', 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO archive_rooms (corp_id, roomid, name, fetched_at) VALUES ('wwc1', 'r2', '', 0)`)
		for i, m := range []store.Message{
			{MsgID: "m1", From: "leaver", ToList: `["wm9"]`, MsgType: "text"},
			{MsgID: "m2", From: "zhangsan", ToList: `[]`, RoomID: "r3", MsgType: "text"},
		} {
			m.CorpID, m.Seq, m.MsgTime = "wwc1", int64(i+1), int64(i+1)
			if _, err := b.Store.InsertMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			kind string
			ids  []string
			want []string
		}{
			{"employee", []string{"zhangsan", "leaver", "wm9", "other", "typo"}, []string{"other", "typo"}}, // wm9 seen as a recipient
			{"contact", []string{"wm1", "wm2", "wm9", "wm404"}, []string{"wm404"}},
			{"room", []string{"r1", "r2", "r3", "r404", "zhangsan"}, []string{"r404", "zhangsan"}},
			{"employee", nil, nil},
		} {
			got, err := b.Store.UnknownCustodians(ctx, "wwc1", tc.kind, tc.ids)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s %v: unknown %v, want %v", tc.kind, tc.ids, got, tc.want)
			}
		}
		if _, err := b.Store.UnknownCustodians(ctx, "wwc1", "planet", []string{"x"}); err == nil {
			t.Fatal("unknown kind accepted")
		}
	})
}
