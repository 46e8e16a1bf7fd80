package benchchild

import (
	"os"
	"testing"
)

// TestChild is TestRun's child: it prints what its environment says.
func TestChild(t *testing.T) {
	if os.Getenv("BENCHCHILD_TEST") == "" {
		t.Skip("only run by TestRun")
	}
	Print(Result{Rows: 42, Size: 7, Seconds: 0.5})
}

func TestRun(t *testing.T) {
	r := Run(t, "TestChild", "BENCHCHILD_TEST=1")
	if r.Rows != 42 || r.Size != 7 || r.Seconds != 0.5 || r.PeakRSSMB <= 0 || r.CPU <= 0 {
		t.Errorf("result %+v", r)
	}
}
