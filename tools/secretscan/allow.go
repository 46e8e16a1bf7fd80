package main

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"strings"
)

// allowEntry lets one rule (or "*") match under a path pattern. Every entry
// must give its reason after a '#', so the allow-list explains itself.
type allowEntry struct {
	rule, pattern, why string
}

func parseAllow(r io.Reader) ([]allowEntry, error) {
	var out []allowEntry
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		spec, why, ok := strings.Cut(line, "#")
		why = strings.TrimSpace(why)
		f := strings.Fields(spec)
		if !ok || why == "" || len(f) != 2 {
			return nil, fmt.Errorf("allow-list line %d: want `RULE PATH-PATTERN # reason`, got %q", n, line)
		}
		if _, err := path.Match(strings.TrimSuffix(f[1], "/**"), ""); err != nil {
			return nil, fmt.Errorf("allow-list line %d: %w", n, err)
		}
		out = append(out, allowEntry{rule: f[0], pattern: f[1], why: why})
	}
	return out, sc.Err()
}

// matchPath matches a slash path against a pattern: path.Match, or a
// directory prefix when the pattern ends in "/**".
func matchPath(pattern, p string) bool {
	if dir, ok := strings.CutSuffix(pattern, "/**"); ok {
		if ok, _ := path.Match(dir, p); ok {
			return true
		}
		for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
			if ok, _ := path.Match(dir, d); ok {
				return true
			}
		}
		return false
	}
	ok, _ := path.Match(pattern, p)
	return ok
}

func allowed(list []allowEntry, ruleID, p string) bool {
	for _, e := range list {
		if (e.rule == "*" || e.rule == ruleID) && matchPath(e.pattern, p) {
			return true
		}
	}
	return false
}
