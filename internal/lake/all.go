package lake

import (
	"context"
	"errors"
	"fmt"
)

// Report is the result of a run over several corps (the CLI prints it).
type Report struct {
	SchemaVersion int      `json:"schema_version"`
	Corps         []Result `json:"corps"`
	// Global is the run of the audit events that name no corp (partition
	// corp=_global); absent when one corp was asked for.
	Global *Result  `json:"global,omitempty"`
	Errors []string `json:"errors,omitempty"`
}

// ErrNoCorp is returned when the named corp does not exist.
var ErrNoCorp = errors.New("lake: no such corp")

// ExportAll runs every corp (or the one corp, by key or id), then the
// global partition (when every corp was asked for, or corp is GlobalCorp);
// one corp's failure does not stop the others, and is in the report and
// the error.
func (s *Service) ExportAll(ctx context.Context, corp, trigger string) (Report, error) {
	rep := Report{SchemaVersion: SchemaVersion, Corps: []Result{}}
	corps, err := s.st.ListCorps(ctx)
	if err != nil {
		return rep, err
	}
	var failed error
	found := false
	for _, c := range corps {
		if corp != "" && c.Key != corp && c.CorpID != corp {
			continue
		}
		found = true
		res, err := s.Export(ctx, c.CorpID, trigger)
		res.CorpKey = c.Key
		rep.Corps = append(rep.Corps, res)
		if err != nil {
			rep.Errors = append(rep.Errors, fmt.Sprintf("%s: %v", c.Key, err))
			failed = errors.Join(failed, fmt.Errorf("corp %s: %w", c.Key, err))
		}
	}
	if corp == "" || corp == GlobalCorp {
		found = true
		res, err := s.Export(ctx, GlobalCorp, trigger)
		res.CorpKey = GlobalCorp
		rep.Global = &res
		if err != nil {
			rep.Errors = append(rep.Errors, fmt.Sprintf("%s: %v", GlobalCorp, err))
			failed = errors.Join(failed, fmt.Errorf("corp %s: %w", GlobalCorp, err))
		}
	}
	if corp != "" && !found {
		return rep, fmt.Errorf("%w: %q", ErrNoCorp, corp)
	}
	return rep, failed
}
