package store_test

import (
	"context"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func TestSuggest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwc1", "c1")
		storetest.Exec(t, b.Store, `INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at) VALUES
			('wwc1', 'zhangsan', '张三', '总部/医学部', 0, 0), ('wwc1', 'zhangwei', '张伟', '总部/销售部', 0, 0),
			('wwc1', 'lisi', '李四', '总部/医学部', 0, 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO external_contacts (corp_id, external_userid, name, corp_name, created_at, updated_at) VALUES
			('wwc1', 'wm1', '王医生', '瑞金医院', 0, 0), ('wwc1', 'wm2', '王主任', '华山医院', 0, 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO follow_relations (corp_id, userid, external_userid, updated_at) VALUES
			('wwc1', 'zhangsan', 'wm1', 0), ('wwc1', 'zhangwei', 'wm2', 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO archive_rooms (corp_id, roomid, name, creator, fetched_at) VALUES
			('wwc1', 'r1', '肿瘤学术群', 'zhangsan', 0), ('wwc1', 'r2', '旧名', 'zhangsan', 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO group_chats (corp_id, chat_id, name, owner, updated_at) VALUES
			('wwc1', 'r2', '肿瘤客户群', 'zhangsan', 0), ('wwc1', 'r3', '肿瘤销售群', 'zhangwei', 0)`)

		all := store.DeptScope{All: true}
		medical := store.DeptScope{Paths: []string{"总部/医学部"}}
		for _, tc := range []struct {
			name  string
			f     store.SuggestFilter
			ids   []string
			names []string
		}{
			{"employee by Chinese name", store.SuggestFilter{Kind: "employee", Query: "张", Scope: all}, []string{"zhangsan", "zhangwei"}, []string{"张三", "张伟"}},
			{"employee by userid prefix", store.SuggestFilter{Kind: "employee", Query: "li", Scope: all}, []string{"lisi"}, []string{"李四"}},
			{"employee outside scope hidden", store.SuggestFilter{Kind: "employee", Query: "张", Scope: medical}, []string{"zhangsan"}, []string{"张三"}},
			{"no scope sees nothing", store.SuggestFilter{Kind: "employee", Query: "张"}, []string{}, []string{}},
			{"wildcards match literally", store.SuggestFilter{Kind: "employee", Query: "张%", Scope: all}, []string{}, nil},
			{"an underscore is no wildcard", store.SuggestFilter{Kind: "employee", Query: "zhang_", Scope: all}, []string{}, nil},
			{"contact by name", store.SuggestFilter{Kind: "contact", Query: "王", Scope: all}, []string{"wm2", "wm1"}, []string{"王主任", "王医生"}},
			{"contact followed in scope only", store.SuggestFilter{Kind: "contact", Query: "王", Scope: medical}, []string{"wm1"}, []string{"王医生"}},
			{"rooms from both lists, once each", store.SuggestFilter{Kind: "room", Query: "肿瘤", Scope: all}, []string{"r2", "r3", "r1"}, nil},
			{"room in scope only", store.SuggestFilter{Kind: "room", Query: "销售", Scope: medical}, []string{}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.f.CorpID = "wwc1"
				got, err := b.Store.Suggest(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				// Order follows the database's collation; the test pins the set and each id's name.
				byID := map[string]string{}
				for _, s := range got {
					byID[s.ID] = s.Name
				}
				if len(got) != len(tc.ids) || len(byID) != len(got) {
					t.Fatalf("got %+v, want %v", got, tc.ids)
				}
				for i, id := range tc.ids {
					n, ok := byID[id]
					if !ok || (tc.names != nil && n != tc.names[i]) {
						t.Fatalf("got %+v, want %v %v", got, tc.ids, tc.names)
					}
				}
			})
		}
		if _, err := b.Store.Suggest(ctx, store.SuggestFilter{CorpID: "wwc1", Kind: "planet", Scope: all}); err == nil {
			t.Fatal("unknown kind accepted")
		}
	})
}
