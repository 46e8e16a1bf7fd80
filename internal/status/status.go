// Package status assembles GET /api/v1/status: per corp the ingest cursor,
// lag and last error, message counts by msgtype, media counts by state, the
// job queue depth, and the health of the supporting components.
package status

import (
	"context"
	"sync"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// Source is what the status page reads from the store.
type Source interface {
	StatusCounts(ctx context.Context) ([]store.CorpCounts, error)
	MessagesPerDay(ctx context.Context, corpID string, since int64) ([]store.DayCount, error)
	JobCounts(ctx context.Context) ([]store.JobCount, error)
}

// Check is one component's health probe (clamd, ffmpeg, transcription, blob store).
type Check struct {
	Name  string
	Probe func(ctx context.Context) Health
}

// Health is a component's state: ok, degraded, down or disabled.
type Health struct {
	State  string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// Report is the status document.
type Report struct {
	Version    string                      `json:"version"`
	Time       time.Time                   `json:"time"`
	Corps      []Corp                      `json:"corps"`
	Jobs       map[string]map[string]int64 `json:"jobs"` // kind → state → count
	Components map[string]Health           `json:"health"`
	Cluster    *Cluster                    `json:"cluster,omitempty"`
}

// Corp is one corp's archive and media picture.
type Corp struct {
	CorpID         string           `json:"corp_id"`
	Key            string           `json:"key"`
	Name           string           `json:"name"`
	Setup          *Setup           `json:"setup,omitempty"`
	Ingest         Ingest           `json:"ingest"`
	MessagesByType map[string]int64 `json:"messages_by_type"`
	MessagesPerDay []Day            `json:"messages_per_day"`
	MediaByState   map[string]int64 `json:"media_by_state"`
	// Consent counts conversations by consent state: agreed, refused, none, unknown.
	Consent       map[string]int64 `json:"consent"`
	Licences      Licences         `json:"licences"`
	Callbacks     Callbacks        `json:"callbacks"`
	Sync          Sync             `json:"sync"`
	KeyQuarantine []KeyQuarantine  `json:"quarantine_by_key"`
}

// Day is one day's message counts by msgtype (UTC days).
type Day struct {
	Day    string           `json:"day"` // 2006-01-02
	Counts map[string]int64 `json:"counts"`
}

// Ingest describes the archive cursor.
//
// LagSeconds is how long the archive may have held messages we have not
// stored: the time since the last pull that reached the end of the archive
// (LagBasis "caught_up"). A quiet corp whose pulls succeed has a lag of one
// poll interval however old its last message is; a corp whose pulls fail
// sees it grow from its last good pull. Before any pull caught up (a first
// backlog), the newest stored message is the best bound we have (LagBasis
// "last_message"). LastMessageAt says separately how quiet the corp is.
type Ingest struct {
	Cursor        int64      `json:"cursor"`
	LastPullAt    *time.Time `json:"last_pull_at"`
	LastIngestAt  int64      `json:"last_ingest_at,omitempty"` // ms, same instant as last_pull_at
	LastMessageAt *time.Time `json:"last_message_at"`
	CaughtUpAt    *time.Time `json:"caught_up_at"`
	LagSeconds    *float64   `json:"lag_seconds"`
	LagBasis      string     `json:"lag_basis,omitempty"` // caught_up, last_message
	// Failing: the newest pull failed (an error after the last caught-up pull).
	Failing     bool       `json:"failing"`
	LastError   string     `json:"last_error,omitempty"`
	LastErrorAt *time.Time `json:"last_error_at,omitempty"`
}

// Service builds reports.
type Service struct {
	src     Source
	checks  []Check
	version string
	now     func() time.Time
	timeout time.Duration // per probe round

	clusterFn func(ctx context.Context) (Cluster, error)
	setupFn   SetupFunc
}

// New returns a status service.
func New(src Source, version string, checks ...Check) *Service {
	return &Service{src: src, checks: checks, version: version, now: time.Now, timeout: 2 * time.Second}
}

// AddCheck registers a component probe (features add theirs at start-up).
func (s *Service) AddCheck(c Check) { s.checks = append(s.checks, c) }

// Report gathers the status. Probes run concurrently with a short deadline
// so one hung component cannot stall the dashboard.
func (s *Service) Report(ctx context.Context) (Report, error) {
	counts, err := s.src.StatusCounts(ctx)
	if err != nil {
		return Report{}, err
	}
	jobs, err := s.src.JobCounts(ctx)
	if err != nil {
		return Report{}, err
	}
	extras, err := s.extras(ctx)
	if err != nil {
		return Report{}, err
	}
	setups := map[string]Setup{}
	if s.setupFn != nil {
		if setups, err = s.setupFn(ctx); err != nil {
			return Report{}, err
		}
	}
	now := s.now().UTC()
	r := Report{Version: s.version, Time: now, Corps: make([]Corp, 0, len(counts)), Jobs: groupJobs(jobs), Components: s.probe(ctx)}
	p, scoped := auth.FromContext(ctx)
	scoped = scoped && p.Kind != auth.KindSystem && !p.CanInCorp(auth.StatusRead, "")
	if scoped {
		r.Jobs = map[string]map[string]int64{} // the queue is deployment-wide
	}
	for _, c := range counts {
		if scoped && !p.ReachesCorp(auth.StatusRead, c.CorpID) {
			continue // a corp-scoped caller sees only its corps
		}
		days, err := s.src.MessagesPerDay(ctx, c.CorpID, now.AddDate(0, 0, -13).Truncate(24*time.Hour).UnixMilli())
		if err != nil {
			return Report{}, err
		}
		corp := Corp{
			CorpID: c.CorpID, Key: c.Key, Name: c.Name,
			Ingest:         ingest(c, now),
			MessagesByType: c.MessagesByType, MediaByState: c.MediaByState,
			MessagesPerDay: perDay(days),
		}
		fillExtras(&corp, extras[c.CorpID])
		if su, ok := setups[c.CorpID]; ok {
			corp.Setup = &su
		}
		r.Corps = append(r.Corps, corp)
	}
	r.Cluster = s.cluster(ctx)
	return r, nil
}

func ingest(c store.CorpCounts, now time.Time) Ingest {
	in := Ingest{Cursor: c.CursorSeq, LastError: c.LastError, LastIngestAt: c.LastPullAt,
		LastPullAt: msTime(c.LastPullAt), LastMessageAt: msTime(c.LastMessageAt), LastErrorAt: msTime(c.LastErrorAt),
		CaughtUpAt: msTime(c.CaughtUpAt), Failing: c.LastErrorAt > c.CaughtUpAt}
	since := in.CaughtUpAt
	in.LagBasis = "caught_up"
	if since == nil {
		since, in.LagBasis = in.LastMessageAt, "last_message"
	}
	if since == nil {
		in.LagBasis = ""
		return in
	}
	lag := max(now.Sub(*since).Seconds(), 0)
	in.LagSeconds = &lag
	return in
}

func msTime(ms int64) *time.Time {
	if ms <= 0 {
		return nil
	}
	t := time.UnixMilli(ms).UTC()
	return &t
}

func groupJobs(counts []store.JobCount) map[string]map[string]int64 {
	out := map[string]map[string]int64{}
	for _, c := range counts {
		if out[c.Kind] == nil {
			out[c.Kind] = map[string]int64{}
		}
		out[c.Kind][string(c.State)] = c.N
	}
	return out
}

func perDay(days []store.DayCount) []Day {
	out := []Day{}
	idx := map[int64]int{}
	for _, d := range days {
		i, ok := idx[d.Day]
		if !ok {
			i = len(out)
			idx[d.Day] = i
			out = append(out, Day{Day: time.UnixMilli(d.Day * 86_400_000).UTC().Format(time.DateOnly), Counts: map[string]int64{}})
		}
		out[i].Counts[d.MsgType] = d.Count
	}
	return out
}

func (s *Service) probe(ctx context.Context) map[string]Health {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	out := make(map[string]Health, len(s.checks))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range s.checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := c.Probe(ctx)
			mu.Lock()
			out[c.Name] = h
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, name := range []string{"clamd", "ffmpeg", "transcription", "blob"} {
		if _, ok := out[name]; !ok {
			out[name] = Health{State: "disabled", Detail: "not configured"}
		}
	}
	return out
}
