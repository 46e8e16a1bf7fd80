package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// TestSearchRecall: every message brute force finds, the index finds too,
// for one- to four-character Chinese terms, words, phone fragments.
func TestSearchRecall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwc1", "c1")
		msgs := corpus.Messages(7, "wwc1", 600, 5, 1_700_000_000_000)
		for i, text := range phraseTexts { // runs of Latin, CJK and digits, adjacent and not
			m := msgs[i*7]
			m.MsgID, m.Seq, m.Content = fmt.Sprintf("phrase%d", i), int64(1000+i), text
			msgs = append(msgs, m)
		}
		if err := b.Store.WithTx(ctx, func(ctx context.Context) error {
			for _, m := range msgs {
				if _, err := b.Store.InsertMessage(ctx, m); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(1, 2))
		var terms []string
		for range 60 { // random substrings of random messages
			rs := []rune(textindex.Normalize(msgs[r.IntN(len(msgs))].Content))
			n := 1 + r.IntN(4)
			if len(rs) <= n {
				continue
			}
			i := r.IntN(len(rs) - n)
			term := string(rs[i : i+n])
			if runs := textindex.Runs(term); len(runs) == 1 && (runs[0].IsCJK() || runs[0].IsDigit()) && len(runs[0].Text) == n {
				terms = append(terms, term)
			}
		}
		for range 40 { // digit fragments of 2 to 11 digits: parts of phone numbers
			runs := textindex.Runs(textindex.Normalize(msgs[r.IntN(len(msgs))].Content))
			for _, run := range runs {
				if run.IsDigit() && len(run.Text) >= 2 {
					n := 2 + r.IntN(len(run.Text)-1)
					i := r.IntN(len(run.Text) - n + 1)
					terms = append(terms, string(run.Text[i:i+n]))
					break
				}
			}
		}
		terms = append(terms, "药", "不良", "会议", "meeting", "ＰＤ", "0013", "不良 -会议", `"不良反应"`, "皮疹 好的",
			`"iPhone手机"`, `iPhone手机`, `"ABC不良反应"`, `"不良反应ABC"`, `"adverse event"`, `"电话138"`, `"手iPhone"`,
			`"PD-1抑制剂"`, `"ＰＤ－１"`, `"CT报告"`, `iPhone -"iPhone手机"`, `"不良 反应"`,
			"138", "380", "1380", "13800138000", "0138", "12 34", "1234", "9138", `"电话13800"`, "55667")
		for _, term := range terms {
			q, err := textindex.Parse(term)
			if err != nil {
				t.Fatalf("parse %q: %v", term, err)
			}
			got, err := b.Store.SearchMessages(ctx, q, store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}, 10000)
			if err != nil {
				t.Fatalf("search %q: %v", term, err)
			}
			ids := map[string]bool{}
			for i, m := range got {
				ids[m.MsgID] = true
				if i > 0 && got[i-1].ID < m.ID {
					t.Fatalf("%q: not newest first", term)
				}
			}
			want := 0
			for _, m := range msgs {
				if bruteForce(q, m.Content) {
					want++
					if !ids[m.MsgID] {
						t.Fatalf("%q: index missed %s %q", term, m.MsgID, m.Content)
					}
				}
			}
			if want != len(got) { // and nothing else: phrases stay adjacent
				for _, m := range got {
					if !bruteForce(q, m.Content) {
						t.Fatalf("%q: index found %s %q, which does not match", term, m.MsgID, m.Content)
					}
				}
			}
			n, exact, err := b.Store.CountSearch(ctx, q, store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}, 10000)
			if err != nil || !exact || n != len(got) {
				t.Fatalf("%q: count %d exact %v err %v, search %d", term, n, exact, err, len(got))
			}
			if want == 0 && strings.Count(term, " ") == 0 {
				t.Logf("%q: no brute-force hits", term)
			}
		}
	})
}

var phraseTexts = []string{
	"新款iPhone手机壳", "iPhone的新手机", "手机和iPhone", "iPhone 手机", "报告ABC不良反应三例", "ABC药物不良反应",
	"药物不良反应ABC", "an adverse event", "adverse drug event", "电话13800138000", "电话 9138", "新手iPhone", "号码13 80 和 1234 5", "编号 138 0013", "分机 138 80",
	"手机iPhone", "ＰＤ－１抑制剂", "PD-12抑制剂", "CT报告", "不良 反应", "不良反应",
}

// phraseRE is the oracle for a term of several runs, written apart from
// textindex: runs adjacent (separators between them ignored, at least one
// between runs of one class), the first may end a longer CJK or digit run,
// the last may begin one, words are whole. Test texts use ASCII letters
// and digits and Han only.
func phraseRE(runs []textindex.Run) *regexp.Regexp {
	const sep = `[^a-z0-9\p{Han}]`
	var b strings.Builder
	if !runs[0].IsCJK() && !runs[0].IsDigit() {
		b.WriteString(`(?:^|[^a-z])`)
	}
	for i, r := range runs {
		if i > 0 {
			if runs[i-1].IsCJK() == r.IsCJK() && runs[i-1].IsDigit() == r.IsDigit() {
				b.WriteString(sep + "+")
			} else {
				b.WriteString(sep + "*")
			}
		}
		b.WriteString(regexp.QuoteMeta(string(r.Text)))
	}
	if last := runs[len(runs)-1]; !last.IsCJK() && !last.IsDigit() {
		b.WriteString(`(?:$|[^a-z])`)
	}
	return regexp.MustCompile(b.String())
}

// bruteForce: substrings for CJK and digits, whole words for Latin, runs
// adjacent for a term of several runs.
func bruteForce(q textindex.Query, content string) bool {
	norm := textindex.Normalize(content)
	var words []string
	for _, r := range textindex.Runs(norm) {
		words = append(words, string(r.Text))
	}
	has := func(t textindex.Term) bool {
		if runs := textindex.Runs(t.Text); len(runs) > 1 {
			return phraseRE(runs).MatchString(norm)
		}
		for _, r := range textindex.Runs(t.Text) {
			s := string(r.Text)
			if r.IsCJK() || (r.IsDigit() && len(r.Text) > 1) {
				if !strings.Contains(norm, s) {
					return false
				}
			} else if !slices.Contains(words, s) {
				return false
			}
		}
		return true
	}
	for _, t := range q.Must {
		if !has(t) {
			return false
		}
	}
	for _, t := range q.Not {
		if has(t) {
			return false
		}
	}
	return true
}

func TestSearchFiltersAndCursor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwc1", "c1")
		storetest.Exec(t, b.Store, `INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
			VALUES ('wwc1', 'e0', '张三', '总部/医学部', 0, 0), ('wwc1', 'e1', '李四', '总部/销售部', 0, 0)`)
		for i := range 20 {
			emp := fmt.Sprintf("e%d", i%2)
			if _, err := b.Store.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1),
				MsgType: "text", From: emp, ToList: `["wmx"]`, MsgTime: int64(1000 + i), Content: "不良反应报告"}); err != nil {
				t.Fatal(err)
			}
		}
		q, _ := textindex.Parse("不良")
		all := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}
		page, err := b.Store.SearchMessages(ctx, q, all, 5)
		if err != nil || len(page) != 5 || page[0].MsgID != "m19" {
			t.Fatalf("page1 %v %v", page, err)
		}
		all.BeforeID = page[4].ID
		page2, _ := b.Store.SearchMessages(ctx, q, all, 5)
		if len(page2) != 5 || page2[0].MsgID != "m14" {
			t.Fatalf("page2 %+v", page2)
		}
		scoped := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{Paths: []string{"总部/医学部"}}}
		got, _ := b.Store.SearchMessages(ctx, q, scoped, 100)
		for _, m := range got {
			if m.From != "e0" {
				t.Fatalf("out of scope hit %s from %s", m.MsgID, m.From)
			}
		}
		if len(got) != 10 {
			t.Fatalf("scoped hits %d", len(got))
		}
		none, _ := b.Store.SearchMessages(ctx, q, store.MessageFilter{CorpID: "wwc1"}, 100)
		if len(none) != 0 {
			t.Fatalf("zero scope sees %d", len(none))
		}
		f := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}, Employee: "e1", From: 1010, To: 1015}
		got, _ = b.Store.SearchMessages(ctx, q, f, 100)
		if len(got) != 3 {
			t.Fatalf("filtered hits %d", len(got))
		}
	})
}

func TestSearchFlagFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		storetest.Exec(t, st, `INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
			VALUES ('wwc1', 'e0', '张三', '总部/医学部/肿瘤', 0, 0), ('wwc1', 'e1', '李四', '总部/销售部', 0, 0)`)
		for i, m := range []store.Message{
			{MsgID: "a", From: "e0", ConversationID: "e0|wm1", HasMedia: 1},
			{MsgID: "b", From: "wm1", ToList: `["e0"]`, ConversationID: "e0|wm1"},
			{MsgID: "c", From: "e1", ToList: `["wm2"]`, ConversationID: "e1|wm2", MsgType: "file"},
			{MsgID: "r", From: "e0", ConversationID: "e0|wm1", MsgType: "revoke", PreMsgID: "b"},
		} {
			m.CorpID, m.Seq, m.MsgTime, m.Content = "wwc1", int64(i+1), int64(i+1), "样品申请"
			if m.MsgType == "" {
				m.MsgType = "text"
			}
			if m.ToList == "" {
				m.ToList = `["wm1"]`
			}
			if _, err := st.InsertMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		storetest.Exec(t, st, `INSERT INTO conversations (corp_id, conversation_id, kind, consent, updated_at) VALUES
			('wwc1', 'e0|wm1', 'single', 'agree', 0), ('wwc1', 'e1|wm2', 'single', 'disagree', 0)`)
		yes, no := true, false
		q, _ := textindex.Parse("样品")
		for _, tc := range []struct {
			name string
			f    store.MessageFilter
			want []string
		}{
			{"has media", store.MessageFilter{HasMedia: &yes}, []string{"a"}},
			{"recalled", store.MessageFilter{Recalled: &yes}, []string{"b"}},
			{"not recalled", store.MessageFilter{Recalled: &no, MsgTypes: []string{"text"}}, []string{"a"}},
			{"consent", store.MessageFilter{Consent: "disagree"}, []string{"c"}},
			{"department below", store.MessageFilter{Department: "总部/医学部"}, []string{"r", "b", "a"}},
			{"contact as recipient", store.MessageFilter{Contact: "wm2"}, []string{"c"}},
			{"employee as recipient", store.MessageFilter{Employee: "e0", MsgTypes: []string{"text"}}, []string{"b", "a"}},
		} {
			tc.f.CorpID, tc.f.Scope = "wwc1", store.DeptScope{All: true}
			got, err := st.SearchMessages(ctx, q, tc.f, 10)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, m := range got {
				ids = append(ids, m.MsgID)
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, ids, tc.want)
			}
		}
	})
}

func TestIndexTranscriptAndReindex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: "v1", Seq: 1, MsgType: "voice", From: "e0",
			MsgTime: 1, Content: "[语音]"}); err != nil {
			t.Fatal(err)
		}
		all := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}
		q, _ := textindex.Parse("皮疹")
		if got, _ := st.SearchMessages(ctx, q, all, 10); len(got) != 0 {
			t.Fatal("found before the transcript")
		}
		if err := st.IndexMessageText(ctx, "wwc1", "v1", "病人出现皮疹"); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.SearchMessages(ctx, q, all, 10); len(got) != 1 {
			t.Fatal("transcript not searchable")
		}
		q2, _ := textindex.Parse("语音")
		if got, _ := st.SearchMessages(ctx, q2, all, 10); len(got) != 1 {
			t.Fatal("content lost on reindex")
		}
		last, n, err := st.ReindexAll(ctx, 0, 100)
		if err != nil || n != 1 || last == 0 {
			t.Fatalf("reindex all: %d %d %v", last, n, err)
		}
		if got, _ := st.SearchMessages(ctx, q2, all, 10); len(got) != 1 {
			t.Fatal("reindex lost the row")
		}
	})
}

// TestIndexLongMessage: a huge message indexes within tsvector's limits.
func TestIndexLongMessage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwc1", "c1")
		text := strings.Repeat("药药 13800138000 ", 3000) + "结尾词"
		if _, err := b.Store.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: "long", Seq: 1, MsgType: "text", MsgTime: 1, Content: text}); err != nil {
			t.Fatal(err)
		}
		q, _ := textindex.Parse("药药 0013")
		if got, err := b.Store.SearchMessages(ctx, q, store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}, 5); err != nil || len(got) != 1 {
			t.Fatalf("long message: %d %v", len(got), err)
		}
	})
}
