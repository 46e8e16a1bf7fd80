package lake

import (
	"context"
	"fmt"
	"time"
)

// Destination is where the feed goes, as configured (no secrets).
type Destination struct {
	Backend  string   `json:"backend"`
	Prefix   string   `json:"prefix"`
	Formats  []string `json:"formats"`
	Schedule string   `json:"schedule"` // "" = on demand only
	Tables   []string `json:"tables"`
}

// Overview is a corp's feed for the Settings → data feeds page.
type Overview struct {
	CorpID      string               `json:"corp_id"`
	Destination Destination          `json:"destination"`
	Settings    Settings             `json:"settings"`
	Watermarks  map[string]Watermark `json:"watermarks"`
	Runs        []RunView            `json:"runs"`
}

// Watermark is one table's committed position.
type Watermark struct {
	Value     int64 `json:"value"`
	NextPart  int64 `json:"next_part"`
	UpdatedAt int64 `json:"updated_at"`
}

// Describe sets what the overview reports of the destination.
func (s *Service) Describe(backend string, schedule time.Duration) {
	s.dest = Destination{Backend: backend, Prefix: s.o.Prefix, Formats: s.o.Formats, Tables: Tables()}
	if schedule > 0 {
		s.dest.Schedule = schedule.String()
	}
}

// ResolveCorp turns a corp key or corp id into the corp id.
func (s *Service) ResolveCorp(ctx context.Context, corp string) (string, error) {
	if corp == "" {
		return "", fmt.Errorf("lake: corp is required: %w", ErrInput)
	}
	corps, err := s.st.ListCorps(ctx)
	if err != nil {
		return "", err
	}
	for _, c := range corps {
		if c.Key == corp || c.CorpID == corp {
			return c.CorpID, nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrNoCorp, corp)
}

// Overview returns a corp's destination, settings, watermarks and recent runs.
func (s *Service) Overview(ctx context.Context, corpID string) (Overview, error) {
	set, err := s.GetSettings(ctx, corpID)
	if err != nil {
		return Overview{}, err
	}
	marks, err := s.st.LakeWatermarks(ctx, corpID)
	if err != nil {
		return Overview{}, err
	}
	runs, err := s.Runs(ctx, corpID, 20)
	if err != nil {
		return Overview{}, err
	}
	o := Overview{CorpID: corpID, Destination: s.dest, Settings: set, Watermarks: map[string]Watermark{}, Runs: runs}
	for name, w := range marks {
		o.Watermarks[name] = Watermark{Value: w.Watermark, NextPart: w.NextPart, UpdatedAt: w.UpdatedAt}
	}
	return o, nil
}
