package chartcheck

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/engine"
)

// Manifest is one rendered YAML document and the template it came from.
type Manifest struct {
	Template string
	YAML     string
}

// Render renders the chart at dir with the values files layered in order,
// as `helm template` would for an install, and splits the documents.
func Render(dir, release, namespace string, valuesFiles ...string) ([]Manifest, error) {
	ch, err := loader.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("chartcheck: load %s: %w", dir, err)
	}
	vals := map[string]any{}
	for _, f := range valuesFiles {
		v, err := common.ReadValuesFile(f)
		if err != nil {
			return nil, fmt.Errorf("chartcheck: values %s: %w", f, err)
		}
		vals = util.MergeTables(v, vals)
	}
	rv, err := util.ToRenderValues(ch, vals, common.ReleaseOptions{Name: release, Namespace: namespace, Revision: 1, IsInstall: true}, nil)
	if err != nil {
		return nil, fmt.Errorf("chartcheck: values: %w", err)
	}
	eng := engine.Engine{Strict: true}
	out, err := eng.Render(ch, rv)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	var ms []Manifest
	for _, n := range names {
		if filepath.Ext(n) != ".yaml" {
			continue
		}
		for _, doc := range strings.Split("\n"+out[n], "\n---") {
			if strings.TrimSpace(stripComments(doc)) == "" {
				continue
			}
			ms = append(ms, Manifest{Template: n, YAML: doc})
		}
	}
	return ms, nil
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, l := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}
