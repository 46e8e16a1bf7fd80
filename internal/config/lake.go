package config

// Lake is the incremental export of the archive to a data lake (Parquet or
// JSONL files on Blob, read by Azure Data Factory or Spark).
type Lake struct {
	Blob     Blob     `yaml:"blob"`     // same shape as the top-level blob block
	Prefix   string   `yaml:"prefix"`   // key prefix, default "lake/"
	Schedule Duration `yaml:"schedule"` // how often the scheduled run starts; 0 = only on demand
	Formats  []string `yaml:"formats"`  // parquet (default), jsonl
}
