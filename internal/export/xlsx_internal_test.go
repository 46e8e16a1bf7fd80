package export

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

func TestUniqueSheetName(t *testing.T) {
	t.Parallel()
	used := map[string]bool{}
	long := strings.Repeat("肿瘤事业部", 10)
	cases := []struct{ in, want string }{
		{"张三 ↔ 王医生", "张三 ↔ 王医生"},
		{"张三 ↔ 王医生", "张三 ↔ 王医生 (2)"},
		{"a/b:c*d?[e]\\f", "a_b_c_d__e__f"},
		{"'quoted'", "quoted"},
		{"", "sheet"},
		{"history", "sheet (2)"},
		{long, string([]rune(long)[:31])},
		{long, string([]rune(long)[:27]) + " (2)"},
		{"MESSAGES", "MESSAGES"},
		{"messages", "messages (2)"},
		{strings.Repeat("😀", 20), strings.Repeat("😀", 15)}, // 2 UTF-16 units each
	}
	for _, c := range cases {
		got := uniqueSheetName(c.in, used)
		used[strings.ToLower(got)] = true
		if got != c.want {
			t.Errorf("uniqueSheetName(%q) = %q, want %q", c.in, got, c.want)
		}
		if n := len(utf16.Encode([]rune(got))); n > 31 {
			t.Errorf("%q is %d UTF-16 units", got, n)
		}
	}
}

// FuzzUniqueSheetName: whatever a conversation is called, the name is one
// excelize (and so Excel) accepts, short enough and not yet used.
func FuzzUniqueSheetName(f *testing.F) {
	for _, s := range []string{"张三 & 王医生", "a/b:c", "'x'", "", "History", strings.Repeat("肿", 40), "\x00\xff", "😀😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, base string) {
		used := map[string]bool{"sheet": true}
		name := uniqueSheetName(base, used)
		if used[strings.ToLower(name)] || len(utf16.Encode([]rune(name))) > 31 || strings.ContainsAny(name, "[]:*?/\\") {
			t.Fatalf("uniqueSheetName(%q) = %q", base, name)
		}
		x := excelize.NewFile()
		defer x.Close()
		if _, err := x.NewSheet(name); err != nil {
			t.Fatalf("excelize refuses %q (from %q): %v", name, base, err)
		}
	})
}
