package wecom

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSentinelCodesAreListed: every errcode a sentinel matches is in Errcodes.
func TestSentinelCodesAreListed(t *testing.T) {
	for code := -1; code < 400000; code++ {
		if sentinelFor(code) != nil && Errcodes[code] == "" {
			t.Errorf("errcode %d has a sentinel but no Errcodes entry", code)
		}
	}
}

// uiTable is where the web UI keeps its errcode translations, one
// people.wecomErr table per language.
const uiTable = "../../web/src/locales/parts/people.ts"

var uiKey = regexp.MustCompile(`(?:^|[{,])\s*'?(-?\d+)'?\s*:`)

// uiErrcodes reads the keys of each wecomErr table in the locale file.
func uiErrcodes(t *testing.T) [][]int {
	t.Helper()
	b, err := os.ReadFile(uiTable)
	if err != nil {
		t.Fatal(err)
	}
	var tables [][]int
	rest := string(b)
	for {
		i := strings.Index(rest, "wecomErr: {")
		if i < 0 {
			return tables
		}
		rest = rest[i+len("wecomErr: {"):]
		end := strings.Index(rest, "}")
		if end < 0 {
			t.Fatalf("%s: unterminated wecomErr table", uiTable)
		}
		var codes []int
		for _, line := range strings.Split(rest[:end], "\n") {
			for _, m := range uiKey.FindAllStringSubmatch("{"+line, -1) {
				n, err := strconv.Atoi(m[1])
				if err != nil {
					t.Fatal(err)
				}
				codes = append(codes, n)
			}
		}
		tables = append(tables, codes)
		rest = rest[end:]
	}
}

// TestUITranslatesErrcodes keeps the UI's errcode translations and
// Errcodes equal, in every language, so neither drifts from the other.
func TestUITranslatesErrcodes(t *testing.T) {
	want := slices.Sorted(maps.Keys(Errcodes))
	tables := uiErrcodes(t)
	if len(tables) < 2 {
		t.Fatalf("%s: found %d wecomErr tables, want one per language", uiTable, len(tables))
	}
	for i, got := range tables {
		slices.Sort(got)
		if slices.Compare(got, slices.Compact(slices.Clone(got))) != 0 {
			t.Errorf("table %d lists an errcode twice: %v", i, got)
		}
		for _, c := range want {
			if _, ok := slices.BinarySearch(got, c); !ok {
				t.Errorf("table %d: errcode %d (%s) has no UI text", i, c, Errcodes[c])
			}
		}
		for _, c := range got {
			if Errcodes[c] == "" {
				t.Errorf("table %d: UI translates errcode %d, which wecom.Errcodes does not list", i, c)
			}
		}
	}
}
