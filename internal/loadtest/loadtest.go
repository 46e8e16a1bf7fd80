// Package loadtest gates the storm, load, kill and scale tests: they run
// under `make test-load` (also run by `make bench` and by CI once per run),
// not in `make test`, whose wall time they would otherwise dominate.
package loadtest

import (
	"os"
	"testing"
)

// Env is set to 1 by scripts/test-load.sh.
const Env = "WECOMADMIN_TEST_LOAD"

// Enabled reports whether the load tests were asked for.
func Enabled() bool { return os.Getenv(Env) == "1" }

// Gate skips t, saying why, unless the load tests were asked for. It is the
// first statement of every load test: scripts/test-load.sh finds the tests
// to run by this call.
func Gate(t testing.TB) {
	t.Helper()
	if !Enabled() {
		t.Skipf("load test: run by make test-load (%s=1)", Env)
	}
}
