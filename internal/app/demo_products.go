package app

import (
	_ "embed"
	"os"
)

// DemoProductsFile is the demo corp's product catalog, written into the
// data directory at start and loaded through monitoring.products_file like
// any deployment's catalog.
const DemoProductsFile = "demo-products.yaml"

// demoProducts is the catalog of the fictional products the simulator's
// generated conversations mention (archivesim's demoProducts).
//
//go:embed demo_products.yaml
var demoProducts []byte

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
