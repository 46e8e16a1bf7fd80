package search

import "testing"

func TestSnippet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text  string
		marks []string
		want  string
	}{
		{"药物不良反应<b>", []string{"不良"}, "药物<mark>不良</mark>反应&lt;b&gt;"},
		{"ＭＥＥＴＩＮＧ 明天", []string{"meeting"}, "<mark>ＭＥＥＴＩＮＧ</mark> 明天"},
		{"电话13800138000", []string{"0013"}, "…138<mark>0013</mark>800…"},
		{"abcdefghij不良", []string{"不良"}, "…hij<mark>不良</mark>"},
	}
	for _, tc := range tests {
		w := 10
		if got := Snippet(tc.text, tc.marks, w); got != tc.want {
			t.Errorf("Snippet(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
