package store_test

import (
	"context"
	"testing"

	"wecomadmin/internal/store/storetest"
)

func TestPartyAndRoomNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwc1", "c1")
		storetest.Exec(t, b.Store, `INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
			VALUES ('wwc1', 'e0', '张三', '总部/医学部', 0, 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO external_contacts (corp_id, external_userid, name, corp_name, created_at, updated_at)
			VALUES ('wwc1', 'wm1', '王医生', '瑞金医院', 0, 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO archive_rooms (corp_id, roomid, name, fetched_at) VALUES ('wwc1', 'r1', '肿瘤学术群', 0), ('wwc1', 'r2', '', 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO group_chats (corp_id, chat_id, name, updated_at) VALUES ('wwc1', 'r2', '客户群', 0)`)

		names, err := b.Store.PartyNames(ctx, "wwc1", []string{"e0", "wm1", "nobody"})
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != 2 || names["e0"].Kind != "employee" || names["e0"].Department != "总部/医学部" ||
			names["wm1"].Kind != "contact" || names["wm1"].CorpName != "瑞金医院" {
			t.Fatalf("names %+v", names)
		}
		rooms, err := b.Store.RoomNames(ctx, "wwc1", []string{"r1", "r2", "r3"})
		if err != nil {
			t.Fatal(err)
		}
		if len(rooms) != 2 || rooms["r1"] != "肿瘤学术群" || rooms["r2"] != "客户群" {
			t.Fatalf("rooms %+v", rooms)
		}
		if empty, err := b.Store.PartyNames(ctx, "wwc1", nil); err != nil || len(empty) != 0 {
			t.Fatalf("empty: %v %v", empty, err)
		}
	})
}
