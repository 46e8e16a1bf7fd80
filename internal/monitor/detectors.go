package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
)

// corpDetector is a corp's detector under its policy and catalog in force.
type corpDetector struct {
	det      *detect.Detector
	version  string // recorded on alerts: "policy <n>, catalog <m>"
	loadedAt time.Time
}

// detectorTTL bounds how stale a cached detector may be when another
// process (a second replica) saved a new version; this process forgets its
// own at once.
const detectorTTL = 30 * time.Second

// detectorFor returns corpID's detector, building it when needed.
func (s *Service) detectorFor(ctx context.Context, corpID string) (*corpDetector, error) {
	s.mu.Lock()
	d := s.detectors[corpID]
	s.mu.Unlock()
	if d != nil && s.now().Sub(d.loadedAt) < detectorTTL {
		return d, nil
	}
	d, err := s.buildDetector(ctx, corpID, nil)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.detectors[corpID] = d
	s.mu.Unlock()
	return d, nil
}

// buildDetector builds corpID's detector with its catalog and either the
// given policy document or the one in force.
func (s *Service) buildDetector(ctx context.Context, corpID string, policy []byte) (*corpDetector, error) {
	cat := &detect.Catalog{}
	catVer := 0
	if c, err := s.st.MonitorConfigCurrent(ctx, corpID, kindCatalog); err == nil {
		if err := json.Unmarshal([]byte(c.Body), cat); err != nil {
			return nil, fmt.Errorf("monitor: catalog %d of %s: %w", c.Version, corpID, err)
		}
		catVer = c.Version
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	pol, polVer := s.defaultPolicy(), "default"
	if policy != nil {
		p, err := detect.ParsePolicy(policy)
		if err != nil {
			return nil, &DocumentError{err}
		}
		pol, polVer = p, "proposed"
	} else if c, err := s.st.MonitorConfigCurrent(ctx, corpID, kindPolicy); err == nil {
		p, err := detect.ParsePolicy([]byte(c.Body))
		if err != nil {
			return nil, fmt.Errorf("monitor: policy %d of %s: %w", c.Version, corpID, err)
		}
		pol, polVer = p, fmt.Sprint(c.Version)
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	det, err := detect.New(pol, cat)
	if err != nil {
		return nil, &DocumentError{err}
	}
	return &corpDetector{det: det, version: fmt.Sprintf("policy %s (%s), catalog %d", polVer, pol.Version, catVer),
		loadedAt: s.now()}, nil
}

// forget drops a corp's cached detector after a new version is saved.
func (s *Service) forget(corpID string) {
	s.mu.Lock()
	delete(s.detectors, corpID)
	s.mu.Unlock()
}

// classify runs the corp's detector on one input.
func (s *Service) classify(d *corpDetector, in detect.Input) detect.Result {
	if s.fake != nil {
		return s.fake(in)
	}
	return d.det.Classify(in)
}
