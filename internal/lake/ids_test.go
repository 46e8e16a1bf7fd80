package lake

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strconv"
	"testing"

	"wecomadmin/internal/store/storetest"
)

// TestIDsAreJSONStrings: in JSONL, the manifest and the CLI's report, ids
// and seqs (64-bit: the fixture's seq is past 2^53) are strings a float64
// JSON reader keeps exactly; counts stay numbers.
func TestIDsAreJSONStrings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{Formats: []string{FormatParquet, FormatJSONL}})
		res, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil {
			t.Fatal(err)
		}
		seqs := map[string]bool{}
		for _, fi := range res.Tables["messages"].Files {
			if fi.Format != FormatJSONL {
				continue
			}
			fh, err := os.Open(f.path(fi.Key))
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(fh)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				var row map[string]any // what a reader without 64-bit ints sees
				if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
					t.Fatal(err)
				}
				seq, ok := row["seq"].(string)
				if _, isID := row["id"].(string); !ok || !isID {
					t.Errorf("%v: id %T, seq %T; want strings", row["msgid"], row["id"], row["seq"])
				}
				seqs[seq] = true
				for _, a := range row["alert_ids"].([]any) {
					if _, ok := a.(string); !ok {
						t.Errorf("%v: alert id %T", row["msgid"], a)
					}
				}
				if _, ok := row["msgtime"].(float64); !ok {
					t.Errorf("msgtime %T, want a number", row["msgtime"])
				}
			}
			_ = fh.Close()
		}
		for i := range 5 {
			if s := strconv.FormatInt(bigSeq+int64(i), 10); !seqs[s] {
				t.Errorf("seq %s not in JSONL (got %v)", s, seqs)
			}
		}
		body, err := os.ReadFile(f.path(res.ManifestKey))
		if err != nil {
			t.Fatal(err)
		}
		var man struct {
			Tables map[string]map[string]any `json:"tables"`
		}
		if err := json.Unmarshal(body, &man); err != nil {
			t.Fatal(err)
		}
		msgs := man.Tables["messages"]
		if w, ok := msgs["watermark_to"].(string); !ok || w == "0" || msgs["watermark_from"] != "0" {
			t.Errorf("manifest watermarks %T %v / %v: want strings", msgs["watermark_to"], msgs["watermark_to"], msgs["watermark_from"])
		}
		if _, ok := msgs["rows"].(float64); !ok {
			t.Errorf("manifest rows %T, want a number", msgs["rows"])
		}
	})
}

func TestIDListJSON(t *testing.T) {
	cases := []struct {
		in   string
		want IDList
		out  string
	}{
		{`["9007199254740993","1"]`, IDList{9007199254740993, 1}, `["9007199254740993","1"]`},
		{`[7, 8]`, IDList{7, 8}, `["7","8"]`}, // numbers, as older files wrote them
		{`[]`, IDList{}, `[]`},
	}
	for _, c := range cases {
		var got IDList
		if err := json.Unmarshal([]byte(c.in), &got); err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v %v", c.in, got, err)
		}
		if b, _ := json.Marshal(got); string(b) != c.out {
			t.Errorf("%s: marshal %s, want %s", c.in, b, c.out)
		}
	}
	if err := json.Unmarshal([]byte(`["x"]`), new(IDList)); err == nil {
		t.Error("a non-number id was accepted")
	}
}
