// Package benchchild runs a benchmark's measured work in a child process
// of the test binary, so its peak RSS is its own (not the parent's, which
// seeded the data): the parent starts one test of the binary with
// environment settings, the child does the work and prints one Result
// line, the parent reads it and adds the child's CPU time. Tests only.
package benchchild

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Result is what a child measured.
type Result struct {
	Rows      int64   `json:"rows"`
	Seconds   float64 `json:"seconds"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	Size      int64   `json:"size"` // bytes written
	// Count is what else the child counted (e.g. alerts created).
	Count int64 `json:"count,omitempty"`
	// CPU is the child's user+system seconds, steadier than wall time on a
	// shared machine (set by Run).
	CPU float64 `json:"-"`
}

const prefix = "BENCH_CHILD "

// Run runs the test named test (a func TestX that does the work when env
// says so) in a child process with env added ("KEY=value"), and returns
// the Result it printed.
func Run(tb testing.TB, test string, env ...string) Result {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		tb.Fatalf("child %s %v: %v\n%s", test, env, err, out.String())
	}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), prefix); ok {
			var r Result
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				tb.Fatal(err)
			}
			r.CPU = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
			return r
		}
	}
	tb.Fatalf("child %s %v printed no result:\n%s", test, env, out.String())
	return Result{}
}

// Print is the child's last step: it sets the peak RSS and prints r for Run.
func Print(r Result) {
	r.PeakRSSMB = PeakRSSMB()
	line, _ := json.Marshal(r)
	fmt.Println(prefix + string(line))
}

// PeakRSSMB is this process's peak resident set in MB (Linux; 0 elsewhere).
func PeakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		var kb float64
		if n, _ := fmt.Sscanf(line, "VmHWM: %f kB", &kb); n == 1 {
			return kb / 1024
		}
	}
	return 0
}

// Size is the positive int the environment variable name holds, else def:
// how a benchmark is run bigger or smaller without editing it.
func Size(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// SQLiteDSN is the benchmark's SQLite store: the file the environment
// variable name gives (seeded once and reused across runs), else file in
// tb's temporary directory.
func SQLiteDSN(tb testing.TB, name, file string) string {
	path := os.Getenv(name)
	if path == "" {
		path = filepath.Join(tb.TempDir(), file)
	}
	return "sqlite:" + path
}
