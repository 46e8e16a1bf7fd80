package config

// Monitoring is the boot configuration of conversation monitoring. The
// policy and catalog edited in the UI live in the database; these files seed
// every corp that has none yet.
type Monitoring struct {
	// ProductsFile is a product catalog (the schema of products.yaml) loaded
	// at start for every corp that has no catalog.
	ProductsFile string `yaml:"products_file"`
	// PolicyFile replaces the built-in default policy (lexicons and rules)
	// for corps that have no policy of their own.
	PolicyFile string `yaml:"policy_file"`
}
