package detect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Catalog is a corp's product catalog: exactly the schema of
// shared/monitoring/products.yaml (YAML or JSON).
type Catalog struct {
	Products []Product `json:"products" yaml:"products"`
}

// Product is one product with its approved label facts. Nil pointers are
// the file's nulls (no limit).
type Product struct {
	Name            string   `json:"name" yaml:"name"`
	Aliases         []string `json:"aliases" yaml:"aliases"`
	Generic         string   `json:"generic" yaml:"generic"`
	ApprovedUses    []string `json:"approved_uses" yaml:"approved_uses"`
	NotApprovedUses []string `json:"not_approved_uses" yaml:"not_approved_uses"`
	MinAgeYears     *float64 `json:"min_age_years" yaml:"min_age_years"`
	MaxAgeYears     *float64 `json:"max_age_years" yaml:"max_age_years"`
	Sex             string   `json:"sex" yaml:"sex"` // any, male, female
	Contraindicated []string `json:"contraindicated" yaml:"contraindicated"`
	MaxDailyDoseMg  *float64 `json:"max_daily_dose_mg" yaml:"max_daily_dose_mg"`
	LabelNotes      string   `json:"label_notes" yaml:"label_notes"`
}

// ParseCatalog reads a catalog in YAML or JSON, strictly (unknown keys are an
// error), and validates it. Errors name the entry: "products[3] (Glucerra): sex ...".
func ParseCatalog(data []byte) (*Catalog, error) {
	var c Catalog
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Validate checks every product and names the first bad entry.
func (c *Catalog) Validate() error {
	if len(c.Products) == 0 {
		return errors.New("catalog: no products")
	}
	seen := map[string]int{}
	for i, p := range c.Products {
		where := fmt.Sprintf("catalog: products[%d] (%s)", i, p.Name)
		if strings.TrimSpace(p.Name) == "" {
			return fmt.Errorf("catalog: products[%d]: name is required", i)
		}
		switch p.Sex {
		case "", "any", "male", "female":
		default:
			return fmt.Errorf("%s: sex %q is not any, male or female", where, p.Sex)
		}
		if p.MinAgeYears != nil && p.MaxAgeYears != nil && *p.MinAgeYears > *p.MaxAgeYears {
			return fmt.Errorf("%s: min_age_years is above max_age_years", where)
		}
		if p.MaxDailyDoseMg != nil && *p.MaxDailyDoseMg <= 0 {
			return fmt.Errorf("%s: max_daily_dose_mg must be positive or null", where)
		}
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			k := strings.ToLower(strings.TrimSpace(n))
			if k == "" {
				return fmt.Errorf("%s: empty alias", where)
			}
			if j, dup := seen[k]; dup && j != i {
				return fmt.Errorf("%s: name or alias %q is also used by products[%d]", where, n, j)
			}
			seen[k] = i
		}
	}
	return nil
}
