package app

import (
	"bytes"
	"os"
	"path/filepath"
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

// TestDemoConfigLoadsCatalog: the demo's config names the catalog StartDemo
// wrote, and none when the data directory has no catalog (tests' configs).
func TestDemoConfigLoadsCatalog(t *testing.T) {
	dir := t.TempDir()
	if got := DemoConfig("127.0.0.1:0", dir, "http://sim", "ww1").Monitoring.ProductsFile; got != "" {
		t.Errorf("no catalog written, products_file %q", got)
	}
	p := filepath.Join(dir, DemoProductsFile)
	if err := os.WriteFile(p, demoProducts, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := DemoConfig("127.0.0.1:0", dir, "http://sim", "ww1").Monitoring.ProductsFile; got != p {
		t.Errorf("products_file %q, want %q", got, p)
	}
}
