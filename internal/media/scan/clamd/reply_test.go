package clamd

import "testing"

func TestParseReply(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in       string
		infected bool
		sig      string
		err      bool
	}{
		{"stream: OK", false, "", false},
		{"stream: Eicar-Test-Signature.UNOFFICIAL FOUND", true, "Eicar-Test-Signature.UNOFFICIAL", false},
		{"INSTREAM size limit exceeded. ERROR", false, "", true},
		{"garbage", false, "", true},
	}
	for _, c := range cases {
		v, err := parseReply(c.in)
		if (err != nil) != c.err || v.Infected != c.infected || v.Signature != c.sig {
			t.Errorf("parseReply(%q) = %+v, %v", c.in, v, err)
		}
	}
}

func FuzzParseReply(f *testing.F) {
	for _, s := range []string{"stream: OK", "stream: X FOUND", "ERROR", "", "stream:  FOUND"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseReply(s)
		if err == nil && v.Infected && v.Signature == "" {
			t.Fatalf("parseReply(%q): infected without a signature name", s)
		}
		if err != nil && v.Infected {
			t.Fatalf("parseReply(%q): infected and an error", s)
		}
	})
}
