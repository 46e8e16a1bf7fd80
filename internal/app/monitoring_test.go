package app

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/config"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestProductsFileSeedsCorpsWithoutCatalog: monitoring.products_file
// becomes the catalog of every corp that has none, leaves a corp's own
// catalog alone, and a bad file stops the start with the entry named.
func TestProductsFileSeedsCorpsWithoutCatalog(t *testing.T) {
	ctx := context.Background()
	b := storetest.Open(t, "sqlite")
	storetest.SeedCorp(t, b.Store, "wwa", "a")
	storetest.SeedCorp(t, b.Store, "wwb", "b")
	if _, err := b.Store.SaveMonitorConfig(ctx, store.MonitorConfig{CorpID: "wwb", Kind: "catalog", Body: `{"products":[{"name":"Own"}]}`}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "products.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	_ = os.WriteFile(good, []byte("products:\n  - name: Glucerra\n    aliases: [格鲁克拉]\n"), 0o600)
	_ = os.WriteFile(bad, []byte("products:\n  - name: Glucerra\n  - name: X\n    sex: both\n"), 0o600)
	log := slog.New(slog.DiscardHandler)
	var cfg config.Config
	cfg.Monitoring.ProductsFile = bad
	if _, err := NewMonitor(ctx, cfg, b.Store, audit.New(b.Store, log, nil), log); err == nil || !strings.Contains(err.Error(), "products[1] (X)") {
		t.Fatalf("bad products file: %v", err)
	}
	cfg.Monitoring.ProductsFile = good
	if _, err := NewMonitor(ctx, cfg, b.Store, audit.New(b.Store, log, nil), log); err != nil {
		t.Fatal(err)
	}
	for corp, want := range map[string]string{"wwa": "格鲁克拉", "wwb": "Own"} {
		c, err := b.Store.MonitorConfigCurrent(ctx, corp, "catalog")
		if err != nil || c.Version != 1 || !strings.Contains(c.Body, want) {
			t.Errorf("%s: %+v %v, want %s", corp, c, err, want)
		}
	}
}
