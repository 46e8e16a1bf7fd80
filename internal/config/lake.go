package config

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Lake is the incremental export of the archive to a data lake (Parquet or
// JSONL files on Blob, read by Azure Data Factory or Spark).
type Lake struct {
	Blob     Blob     `yaml:"blob"`     // same shape as the top-level blob block
	Prefix   string   `yaml:"prefix"`   // key prefix, default "lake/"
	Schedule Duration `yaml:"schedule"` // how often the scheduled run starts; 0 = only on demand
	Formats  []string `yaml:"formats"`  // parquet (default), jsonl
}

func lakeDefaults() Lake {
	return Lake{Blob: Blob{Backend: "local"}, Prefix: "lake/", Formats: []string{"parquet"}}
}

var lakePrefixRe = regexp.MustCompile(`^([a-zA-Z0-9_][a-zA-Z0-9._=\-]*/)*$`)

func (l Lake) validate() error {
	if err := l.Blob.validate(); err != nil {
		return errors.New(strings.Replace(err.Error(), "config: blob", "config: lake.blob", 1))
	}
	if !lakePrefixRe.MatchString(l.Prefix) {
		return fmt.Errorf("config: lake.prefix: %q must be empty or segments of [A-Za-z0-9._=-] each ending in '/'", l.Prefix)
	}
	if l.Schedule < 0 || (l.Schedule > 0 && l.Schedule < Duration(time.Minute)) {
		return fmt.Errorf("config: lake.schedule: must be 0 (on demand only) or at least 1m")
	}
	seen := map[string]bool{}
	for _, f := range l.Formats {
		if f != "parquet" && f != "jsonl" {
			return fmt.Errorf("config: lake.formats: %q is not parquet or jsonl", f)
		}
		if seen[f] {
			return fmt.Errorf("config: lake.formats: %q twice", f)
		}
		seen[f] = true
	}
	return nil
}
