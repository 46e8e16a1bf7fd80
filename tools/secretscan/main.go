// Command secretscan looks for committed secrets (private keys, Azure keys
// and SAS tokens, WeCom corp secrets in config files, AWS keys) in the files
// git tracks, and fails when one is found outside the allow-list.
//
//	secretscan -root DIR -allow FILE
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// finding is one match; the value is shown masked, so the scan's own
// output does not spread the secret further.
type finding struct {
	path string
	line int
	rule string
	mask string
}

const maxFile = 4 << 20 // larger tracked files are data (lockfiles, fixtures), not config

func main() {
	root := flag.String("root", ".", "tree to scan (its git-tracked files)")
	allowFile := flag.String("allow", "", "allow-list file: `RULE PATH-PATTERN # reason` per line")
	flag.Parse()
	os.Exit(run(*root, *allowFile, os.Stdout, os.Stderr))
}

func run(root, allowFile string, stdout, stderr io.Writer) int {
	var allow []allowEntry
	if allowFile != "" {
		f, err := os.Open(allowFile)
		if err != nil {
			fmt.Fprintln(stderr, "secretscan:", err)
			return 2
		}
		allow, err = parseAllow(f)
		f.Close()
		if err != nil {
			fmt.Fprintln(stderr, "secretscan:", err)
			return 2
		}
	}
	files, err := trackedFiles(root)
	if err != nil {
		fmt.Fprintln(stderr, "secretscan:", err)
		return 2
	}
	var found []finding
	for _, p := range files {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil || len(b) > maxFile || bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0 {
			continue // gone from the work tree, too large, or binary
		}
		for _, f := range scan(p, b) {
			if !allowed(allow, f.rule, f.path) {
				found = append(found, f)
			}
		}
	}
	for _, f := range found {
		fmt.Fprintf(stdout, "%s:%d: %s: %s\n", f.path, f.line, f.rule, f.mask)
	}
	fmt.Fprintf(stderr, "secretscan: %d files, %d findings\n", len(files), len(found))
	if len(found) > 0 {
		return 1
	}
	return 0
}

// trackedFiles lists what git tracks under root (the tree that ships);
// outside a git checkout it walks the directory, skipping dependency trees.
func trackedFiles(root string) ([]string, error) {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err == nil {
		var files []string
		for _, p := range strings.Split(string(out), "\x00") {
			if p != "" {
				files = append(files, p)
			}
		}
		return files, nil
	}
	var files []string
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	return files, err
}

func scan(p string, b []byte) []finding {
	cfg := isConfig(p)
	var out []finding
	for _, r := range rules {
		if r.configOnly && !cfg {
			continue
		}
		for _, loc := range r.re.FindAllIndex(b, -1) {
			out = append(out, finding{path: p, line: 1 + bytes.Count(b[:loc[0]], []byte{'\n'}), rule: r.id, mask: mask(string(b[loc[0]:loc[1]]))})
		}
	}
	return out
}

func mask(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) <= 12 {
		return "****"
	}
	return s[:8] + "****"
}
