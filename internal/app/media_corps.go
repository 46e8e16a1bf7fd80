package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"wecomadmin/internal/config"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/media"
	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store"
)

// mediaLookupTimeout bounds the store reads behind a media source or a
// corp's media settings (the media ports take no context).
const mediaLookupTimeout = 10 * time.Second

// mediaCorpsView answers the media pipeline for every corp: config-file
// corps from the config, corps added in the UI from the store (their
// sealed archive secret and stored archive settings), so their media is
// downloaded, scanned, transcribed and rescanned like the others'.
type mediaCorpsView struct {
	cfg      config.Config
	st       *store.Store
	box      *secretbox.Box // nil: stored secrets cannot be opened
	settings map[string]media.CorpSettings

	mu     sync.Mutex
	open   map[string]openSource
	stored map[string]media.CorpSettings // corp id -> settings of a UI corp
}

type openSource struct {
	src      finance.Source
	revision int64 // of the stored archive settings; -1 for config corps
}

func newMediaCorpsView(cfg config.Config, st *store.Store, box *secretbox.Box, settings map[string]media.CorpSettings) *mediaCorpsView {
	return &mediaCorpsView{cfg: cfg, st: st, box: box, settings: settings,
		open: map[string]openSource{}, stored: map[string]media.CorpSettings{}}
}

// Source opens a corp's archive source on first use (an SDK source starts
// a worker process), separate from the ingester's; a stored corp's source
// is reopened when its archive settings change.
func (v *mediaCorpsView) Source(corpID string) (media.Fetcher, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, c := range v.cfg.Corps {
		if c.CorpID != corpID {
			continue
		}
		if o, ok := v.open[corpID]; ok {
			return o.src, nil
		}
		if c.Archive.Source == "" {
			return nil, fmt.Errorf("media: corp %s has no archive source", corpID)
		}
		src, _, err := archiveSource(c)
		if err != nil {
			return nil, err
		}
		v.open[corpID] = openSource{src: src, revision: -1}
		return src, nil
	}
	return v.storedSource(corpID)
}

func (v *mediaCorpsView) storedSource(corpID string) (media.Fetcher, error) {
	ctx, cancel := context.WithTimeout(context.Background(), mediaLookupTimeout)
	defer cancel()
	a, err := v.st.CorpArchive(ctx, corpID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.Source == "") {
		return nil, fmt.Errorf("media: corp %s has no archive source", corpID)
	}
	if err != nil {
		return nil, fmt.Errorf("media: corp %s archive settings: %w", corpID, err)
	}
	if o, ok := v.open[corpID]; ok {
		if o.revision == a.Revision {
			return o.src, nil
		}
		_ = o.src.Close()
		delete(v.open, corpID)
	}
	if v.box == nil {
		return nil, fmt.Errorf("media: corp %s: security.secrets_key is not set, so its stored archive secret cannot be opened", corpID)
	}
	sealed, err := v.st.CorpSecret(ctx, corpID, "archive")
	if err != nil || sealed == "" {
		return nil, fmt.Errorf("media: corp %s: the archive secret is not set", corpID)
	}
	secret, err := v.box.Open(sealed, corpID+"/archive")
	if err != nil {
		return nil, fmt.Errorf("media: corp %s archive secret: %w", corpID, err)
	}
	src, err := financeSource(a.Source, a.URL, corpID, secret)
	if err != nil {
		return nil, fmt.Errorf("media: corp %s archive source: %w", corpID, err)
	}
	v.open[corpID] = openSource{src: src, revision: a.Revision}
	return src, nil
}

// Settings are a corp's media settings: a config corp's from the config, a
// UI corp's from the media config's entry for its key (or the defaults),
// and for both the corp's own stored choice whether call recordings and
// other audio are transcribed (read each time, so a change applies now).
func (v *mediaCorpsView) Settings(corpID string) media.CorpSettings {
	s := v.baseSettings(corpID)
	s.TranscribeAllAudio = v.transcribeAll(corpID)
	return s
}

func (v *mediaCorpsView) transcribeAll(corpID string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), mediaLookupTimeout)
	defer cancel()
	raw, err := v.st.AccountSettings(ctx, corpID)
	if err != nil || raw == "" {
		return false
	}
	var st struct {
		TranscribeAllAudio bool `json:"transcribe_all_audio"`
	}
	return json.Unmarshal([]byte(raw), &st) == nil && st.TranscribeAllAudio
}

func (v *mediaCorpsView) baseSettings(corpID string) media.CorpSettings {
	if s, ok := v.settings[corpID]; ok {
		return s
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.stored[corpID]; ok {
		return s
	}
	ctx, cancel := context.WithTimeout(context.Background(), mediaLookupTimeout)
	defer cancel()
	corps, err := v.st.ListCorps(ctx)
	if err != nil {
		return media.CorpSettings{}
	}
	for _, c := range corps {
		if c.CorpID == corpID {
			s, err := corpMediaSettings(v.cfg, c.Key)
			if err != nil {
				return media.CorpSettings{}
			}
			v.stored[corpID] = s
			return s
		}
	}
	return media.CorpSettings{}
}

// CorpIDs lists every corp, config and stored, for the periodic rescan.
func (v *mediaCorpsView) CorpIDs(ctx context.Context) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, c := range v.cfg.Corps {
		seen[c.CorpID] = true
		out = append(out, c.CorpID)
	}
	corps, err := v.st.ListCorps(ctx)
	if err != nil {
		return out, fmt.Errorf("media: list corps: %w", err)
	}
	for _, c := range corps {
		if !seen[c.CorpID] {
			seen[c.CorpID] = true
			out = append(out, c.CorpID)
		}
	}
	return out, nil
}
