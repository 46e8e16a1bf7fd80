package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// Settings are a corp's monitoring settings.
type Settings struct {
	// FourEyesAE: closing an ae alert needs a second person's approval.
	FourEyesAE bool `json:"four_eyes_ae"`
	// AEDueDays: calendar days from awareness (the message time) to hand
	// an AE to pharmacovigilance.
	AEDueDays int `json:"ae_due_days"`
	// QCRate: the share of unflagged conversations sampled per period.
	QCRate float64 `json:"qc_rate"`
}

// DefaultSettings apply to a corp that saved none.
func DefaultSettings() Settings { return Settings{FourEyesAE: true, AEDueDays: 1, QCRate: 0.01} }

// Config kinds in the store.
const (
	kindCatalog  = "catalog"
	kindPolicy   = "policy"
	kindSettings = "settings"
)

// Settings returns corpID's settings (defaults when none were saved).
func (s *Service) Settings(ctx context.Context, corpID string) (Settings, error) {
	set := DefaultSettings()
	c, err := s.st.MonitorConfigCurrent(ctx, corpID, kindSettings)
	if errors.Is(err, store.ErrNotFound) {
		return set, nil
	}
	if err != nil {
		return set, err
	}
	if err := json.Unmarshal([]byte(c.Body), &set); err != nil {
		return DefaultSettings(), fmt.Errorf("monitor: settings of %s: %w", corpID, err)
	}
	return set, nil
}

// GetSettings returns a corp's settings for the caller.
func (s *Service) GetSettings(ctx context.Context, corpRef string) (Settings, error) {
	c, err := s.corpRef(ctx, corpRef)
	if err != nil {
		return Settings{}, err
	}
	if err := allowCorp(ctx, auth.AlertsRead, c.CorpID); err != nil {
		return Settings{}, err
	}
	return s.Settings(ctx, c.CorpID)
}

// SettingsPatch changes the settings it names and keeps the others.
type SettingsPatch struct {
	FourEyesAE *bool    `json:"four_eyes_ae"`
	AEDueDays  *int     `json:"ae_due_days"`
	QCRate     *float64 `json:"qc_rate"`
}

// PatchSettings applies p over the corp's settings in force and saves them.
func (s *Service) PatchSettings(ctx context.Context, corpRef string, p SettingsPatch) (Settings, error) {
	c, err := s.corpRef(ctx, corpRef)
	if err != nil {
		return Settings{}, err
	}
	set, err := s.Settings(ctx, c.CorpID)
	if err != nil {
		return Settings{}, err
	}
	if p.FourEyesAE != nil {
		set.FourEyesAE = *p.FourEyesAE
	}
	if p.AEDueDays != nil {
		set.AEDueDays = *p.AEDueDays
	}
	if p.QCRate != nil {
		set.QCRate = *p.QCRate
	}
	return s.PutSettings(ctx, c.CorpID, set)
}

// PutSettings saves a corp's settings as a new version (audited).
func (s *Service) PutSettings(ctx context.Context, corpRef string, set Settings) (Settings, error) {
	c, err := s.corpRef(ctx, corpRef)
	if err != nil {
		return Settings{}, err
	}
	if err := allowCorp(ctx, auth.SettingsWrite, c.CorpID); err != nil {
		return Settings{}, err
	}
	if set.AEDueDays < 0 || set.AEDueDays > 30 {
		return Settings{}, invalid("ae_due_days must be 0..30")
	}
	if set.QCRate < 0 || set.QCRate > 1 {
		return Settings{}, invalid("qc_rate must be between 0 and 1")
	}
	old, err := s.Settings(ctx, c.CorpID)
	if err != nil {
		return Settings{}, err
	}
	body, _ := json.Marshal(set)
	meta := map[string]any{"settings": set}
	var also func(ctx context.Context) error
	if old.AEDueDays != set.AEDueDays {
		// Open AE clocks follow the new setting, in the settings' own transaction and audit entry.
		also = func(ctx context.Context) error {
			n, err := s.st.RecomputeAEDue(ctx, c.CorpID, int64(set.AEDueDays)*24*3600*1000, actor(ctx))
			meta["ae_due_days_from"], meta["ae_alerts_rescheduled"] = old.AEDueDays, n
			return err
		}
	}
	err = s.saveConfig(ctx, c.CorpID, kindSettings, string(body), meta, also)
	return set, err
}

// saveConfig writes a new version of a corp's document and its audit entry.
// also, when set, runs in the same transaction before the audit entry
// (and may add to meta).
func (s *Service) saveConfig(ctx context.Context, corpID, kind, body string, meta map[string]any,
	also ...func(ctx context.Context) error) error {
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		v, err := s.st.SaveMonitorConfig(ctx, store.MonitorConfig{CorpID: corpID, Kind: kind, Body: body, CreatedBy: actor(ctx)})
		if err != nil {
			return err
		}
		for _, fn := range also {
			if fn != nil {
				if err := fn(ctx); err != nil {
					return err
				}
			}
		}
		meta["kind"], meta["version"] = kind, v.Version
		return s.audit.Record(ctx, audit.Event{Action: audit.MonitoringUpdate, Target: "monitoring:" + kind, CorpID: corpID,
			Metadata: meta})
	})
	if err == nil {
		s.forget(corpID)
	}
	return err
}
