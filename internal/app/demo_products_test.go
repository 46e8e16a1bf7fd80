package app

import (
	"bytes"
	"os"
	"testing"

	"wecomadmin/internal/monitor/detect"
)

// TestDemoProductsParse: the demo's catalog is valid in the catalog schema,
// and the copy in testdata is the same file.
func TestDemoProductsParse(t *testing.T) {
	c, err := detect.ParseCatalog(demoProducts)
	if err != nil {
		t.Fatalf("demo catalog: %v", err)
	}
	if len(c.Products) != 5 {
		t.Errorf("%d products, want 5", len(c.Products))
	}
	td, err := os.ReadFile("../../testdata/monitoring/demo-products.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(td, demoProducts) {
		t.Error("testdata/monitoring/demo-products.yaml differs from the embedded catalog")
	}
}
