package app

import (
	"testing"
)

func TestDemoConfigIsValid(t *testing.T) {
	t.Parallel()
	cfg := DemoConfig("127.0.0.1:8080", t.TempDir(), "http://127.0.0.1:9001", "wwsimcorp0000001")
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := cfg.ResolveSecrets(); err != nil {
		t.Fatal(err)
	}
}
