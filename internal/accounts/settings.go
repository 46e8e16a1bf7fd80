package accounts

import (
	"context"
	"encoding/json"
	"fmt"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// Settings are the accounts feature's runtime settings of one corp, kept in
// the database and edited in the UI.
type Settings struct {
	Sync SyncSettings `json:"sync"`
	// LicenceQuota is how many archive licences the corp bought (0: not set).
	LicenceQuota int `json:"licence_quota"`
	// WWVerify is the WeCom domain-ownership file served at /WW_verify_<code>.txt.
	WWVerify WWVerify `json:"ww_verify"`
	// TranscribeAllAudio turns on transcription of meeting_voice_call
	// recordings and other audio; voice messages are always transcribed.
	TranscribeAllAudio bool `json:"transcribe_all_audio"`
}

// WWVerify is one domain-ownership file.
type WWVerify struct {
	Code    string `json:"code"`
	Content string `json:"content"`
}

// Validate checks settings before they are saved.
func (s Settings) Validate() error {
	if err := s.Sync.UserID.Validate(); err != nil {
		return err
	}
	switch s.Sync.RemovedPolicy {
	case "", RemovedDisable, RemovedIgnore, RemovedLeaver:
	default:
		return fmt.Errorf("removed_policy must be disable, ignore or leaver")
	}
	if s.Sync.LeaverGraceDays < 0 || s.LicenceQuota < 0 {
		return fmt.Errorf("leaver_grace_days and licence_quota must not be negative")
	}
	for _, c := range s.WWVerify.Code {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return fmt.Errorf("ww_verify code must be letters and digits")
		}
	}
	return nil
}

func (s *Service) settings(ctx context.Context, corpID string) (Settings, error) {
	raw, err := s.Store.AccountSettings(ctx, corpID)
	if err != nil {
		return Settings{}, err
	}
	var st Settings
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		return Settings{}, fmt.Errorf("accounts: settings of %s: %w", corpID, err)
	}
	return st, nil
}

// Settings returns a corp's accounts settings.
func (s *Service) Settings(ctx context.Context, corpKey string) (Settings, error) {
	c, err := s.corpByRef(ctx, corpKey)
	if err != nil {
		return Settings{}, err
	}
	if err := auth.RequireReach(ctx, auth.CorpsRead, c.CorpID); err != nil {
		return Settings{}, fmt.Errorf("accounts: settings of %s: %w", c.CorpID, err)
	}
	return s.settings(ctx, c.CorpID)
}

// SaveSettings validates and stores a corp's accounts settings.
func (s *Service) SaveSettings(ctx context.Context, corpKey string, st Settings) error {
	if err := st.Validate(); err != nil {
		return fmt.Errorf("%w: %s", ErrInvalid, err.Error())
	}
	c, err := s.corpByRef(ctx, corpKey)
	if err != nil {
		return err
	}
	if err := auth.RequireInCorp(ctx, auth.SettingsWrite, c.CorpID); err != nil {
		return fmt.Errorf("accounts: save settings of %s: %w", c.CorpID, err)
	}
	old, err := s.settings(ctx, c.CorpID)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(st)
	if err := s.Store.SetAccountSettings(ctx, c.CorpID, string(b)); err != nil {
		return err
	}
	// The ownership file's content is WeCom's token: its code is enough to tell changes apart.
	redact := func(v Settings) Settings { v.WWVerify.Content = ""; return v }
	meta := map[string]any{"before": redact(old), "after": redact(st)}
	if old.TranscribeAllAudio != st.TranscribeAllAudio {
		// Transcribing call recordings is a privacy decision: say who turned it which way.
		meta["corp_id"], meta["transcribe_all_audio"] = c.CorpID, st.TranscribeAllAudio
	}
	return s.audit().Record(ctx, audit.Event{Action: audit.AccountsSettingsUpdate, Target: c.CorpID, CorpID: c.CorpID, Metadata: meta})
}

// VerifyFile returns the content of the WeCom domain-ownership file
// WW_verify_<code>.txt configured for any corp; store.ErrNotFound otherwise.
func (s *Service) VerifyFile(ctx context.Context, code string) (string, error) {
	corps, err := s.Store.ListCorps(ctx)
	if err != nil {
		return "", err
	}
	for _, c := range corps {
		st, err := s.settings(ctx, c.CorpID)
		if err != nil {
			return "", err
		}
		if st.WWVerify.Code != "" && st.WWVerify.Code == code {
			return st.WWVerify.Content, nil
		}
	}
	return "", fmt.Errorf("accounts: WW_verify_%s.txt: %w", code, store.ErrNotFound)
}
