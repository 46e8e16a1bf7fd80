package wecomsim

import "testing"

func TestNormMobile(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"13800138000", "+86 13800138000", true},
		{"+86 13800138000", "+86 13800138000", true},
		{"+8613800138000", "+86 13800138000", true},
		{"+86-138-0013-8000", "+86 13800138000", true},
		{"+852 91234567", "+852 91234567", true},
		{"23800138000", "", false},
		{"1380013800", "", false},
		{"abc", "", false},
		{"+86 ", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		got, ok := normMobile(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("normMobile(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func FuzzNormMobile(f *testing.F) {
	for _, s := range []string{"13800138000", "+86 13800138000", "+8613800138000", "+1 5551234567", "+", "+ 1", "1-2-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := normMobile(s)
		if !ok {
			return
		}
		again, ok2 := normMobile(n)
		if !ok2 || again != n {
			t.Fatalf("normMobile not idempotent: %q → %q → %q (%v)", s, n, again, ok2)
		}
	})
}
