package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testProducts = "../../internal/monitor/detect/testdata/monitoring/products.yaml"

func TestMonitorClassify(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "a1", "lang": "zh", "speaker": "hcp", "text": "我有个病人吃瑞栓宁第三天开始牙龈出血，要不要先停？"}`,
		`{"id": 2, "text": "[红包] 恭喜发财"}`,
		`{"id": "bad", "text": 12}`,
		`not json at all`,
		`{"id": "cut", "text": "我有个病人`,
		``,
		`{"id": "a4", "speaker": "rep", "text": "这个药哺乳期也能用", "context": ["沛汀康的降脂效果怎么样"]}`,
		`{"id": "a5", "text": "在开会，晚点回"}`,
	}, "\n")
	var out, errb bytes.Buffer
	if err := monitorCommand(context.Background(), []string{"classify", "--products", testProducts}, strings.NewReader(in), &out, &errb); err != nil {
		t.Fatalf("classify: %v (%s)", err, errb.String())
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	want := []struct {
		id     string
		labels string
		err    bool
	}{
		{`"a1"`, "ae", false},
		{`2`, "bribery", false},
		{`"bad"`, "", true},
		{`null`, "", true},
		{`"cut"`, "", true},
		{`"a4"`, "offlabel", false},
		{`"a5"`, "", false},
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		var got struct {
			ID     json.RawMessage `json:"id"`
			Labels *[]string       `json:"labels"`
			Hits   *[]struct {
				Label, Rule, Text string
				Start, End        int
			} `json:"hits"`
			Error string `json:"error"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatalf("line %d %q: %v", i, lines[i], err)
		}
		if string(got.ID) != w.id {
			t.Errorf("line %d id = %s, want %s", i, got.ID, w.id)
		}
		if w.err {
			if got.Error == "" {
				t.Errorf("line %d: want an error, got %s", i, lines[i])
			}
			continue
		}
		if got.Labels == nil || got.Hits == nil {
			t.Fatalf("line %d lacks labels or hits: %s", i, lines[i])
		}
		if strings.Join(*got.Labels, ",") != w.labels {
			t.Errorf("line %d labels = %v, want %s", i, *got.Labels, w.labels)
		}
		if w.labels != "" && len(*got.Hits) == 0 {
			t.Errorf("line %d: labels without hits", i)
		}
	}
}

func TestMonitorClassifyLongLine(t *testing.T) {
	in := `{"id": "big", "text": "` + strings.Repeat("啊", maxLine/3+10) + `"}` + "\n" + `{"id": "next", "text": "[转账] 500"}` + "\n"
	var out, errb bytes.Buffer
	if err := monitorCommand(context.Background(), []string{"classify", "--products", testProducts}, strings.NewReader(in), &out, &errb); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"error"`) || !strings.Contains(lines[1], `"next"`) || !strings.Contains(lines[1], "bribery") {
		t.Fatalf("output:\n%.300s", out.String())
	}
}

func TestMonitorClassifyRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	badCatalog := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badCatalog, []byte("products:\n  - name: X\n    sex: robot\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	badPolicy := filepath.Join(dir, "policy.yaml")
	if err := os.WriteFile(badPolicy, []byte("version: x\nlexicons: {cue.negation: {zh: [\"\"]}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("monitoring:\n  policy_file: "+badPolicy+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", nil, "usage"},
		{"no products", []string{"classify"}, "usage"},
		{"bad catalog", []string{"classify", "--products", badCatalog}, "sex"},
		{"bad policy", []string{"classify", "--products", testProducts, "--config", cfg}, "lexicons.cue.negation.zh[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := monitorCommand(context.Background(), tc.args, strings.NewReader(""), &out, &errb)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
			if ee, ok := err.(*exitError); !ok || ee.code != 2 {
				t.Errorf("err = %#v, want exit code 2", err)
			}
		})
	}
}
