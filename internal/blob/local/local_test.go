package local

import (
	"testing"

	"wecomadmin/internal/blob/blobtest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	b, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	blobtest.Run(t, b)
}
