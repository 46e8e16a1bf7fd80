package azure

import (
	"context"
	"os"
	"testing"

	"wecomadmin/internal/blob/blobtest"
)

// TestConformance runs against Azurite, started by make test
// (scripts/services.sh), which exports WECOMADMIN_TEST_AZURITE.
func TestConformance(t *testing.T) {
	t.Parallel()
	cs := os.Getenv("WECOMADMIN_TEST_AZURITE")
	if cs == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("WECOMADMIN_TEST_AZURITE is not set; make test starts Azurite")
		}
		t.Skip("WECOMADMIN_TEST_AZURITE not set (make test starts Azurite)")
	}
	b, err := New(context.Background(), cs, "media-test")
	if err != nil {
		t.Fatal(err)
	}
	blobtest.Run(t, b)
}
