package sdk

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestFinanceSDKAdapterBuilds keeps the cgo adapter from rotting: it builds
// the stub libWeWorkFinanceSdk_C.so from testdata/stub.c against our header,
// then vets and tests (so builds) the package with -tags financesdk.
func TestFinanceSDKAdapterBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles C and re-runs go")
	}
	cc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc not installed")
	}
	dir := t.TempDir()
	lib := filepath.Join(dir, "libWeWorkFinanceSdk_C.so")
	out, err := exec.Command(cc, "-shared", "-fPIC", "-Iinclude", "-o", lib, "testdata/stub.c").CombinedOutput()
	if err != nil {
		t.Fatalf("build stub: %v\n%s", err, out)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not on PATH")
	}
	env := append(os.Environ(), "CGO_ENABLED=1", "CGO_LDFLAGS=-L"+dir, "LD_LIBRARY_PATH="+dir)
	for _, args := range [][]string{
		{"vet", "-tags", "financesdk", "."},
		{"test", "-tags", "financesdk", "-count=1", "-run", "^TestNative", "."},
	} {
		cmd := exec.Command(goBin, args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
	}
}
