package lake

import (
	"context"
	"encoding/json"
	"fmt"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// Settings is what a corp's export may include; an admin sets it.
type Settings struct {
	CorpID     string `json:"corp_id"`
	MediaBytes bool   `json:"media_bytes"` // copy clean media files into the lake
	MaskPII    bool   `json:"mask_pii"`    // mask mobiles, e-mail addresses, contacts' names; drop raw records
	// ComplianceFormats are fed continuously with each run: every complete UTC day once.
	ComplianceFormats []string `json:"compliance_formats"`
	UpdatedBy         string   `json:"updated_by"`
	UpdatedAt         int64    `json:"updated_at"`
}

// GetSettings returns a corp's export settings.
func (s *Service) GetSettings(ctx context.Context, corpID string) (Settings, error) {
	if err := allow(ctx, corpID); err != nil {
		return Settings{}, err
	}
	v, err := s.st.GetLakeSettings(ctx, corpID)
	out := Settings{CorpID: corpID, MediaBytes: v.MediaBytes, MaskPII: v.MaskPII, UpdatedBy: v.UpdatedBy, UpdatedAt: v.UpdatedAt,
		ComplianceFormats: []string{}}
	_ = json.Unmarshal([]byte(v.ComplianceFormats), &out.ComplianceFormats)
	return out, err
}

// SetSettings changes a corp's export settings, audited with the old and
// new values in the same transaction.
func (s *Service) SetSettings(ctx context.Context, v Settings) (Settings, error) {
	if v.CorpID == "" {
		return Settings{}, fmt.Errorf("lake: settings: corp is required: %w", ErrInput)
	}
	if err := allow(ctx, v.CorpID); err != nil {
		return Settings{}, err
	}
	if err := s.checkFormats(v.ComplianceFormats); err != nil {
		return Settings{}, err
	}
	formats, _ := json.Marshal(v.ComplianceFormats)
	if v.ComplianceFormats == nil {
		formats = []byte("[]")
	}
	by := "system"
	if p, ok := auth.FromContext(ctx); ok {
		by = p.Name
	}
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		old, err := s.st.GetLakeSettings(ctx, v.CorpID)
		if err != nil {
			return err
		}
		if err := s.st.SetLakeSettings(ctx, store.LakeSettings{CorpID: v.CorpID, MediaBytes: v.MediaBytes,
			MaskPII: v.MaskPII, ComplianceFormats: string(formats), UpdatedBy: by}); err != nil {
			return err
		}
		if s.audit == nil {
			return nil
		}
		return s.audit.Record(ctx, audit.Event{Action: audit.LakeSettings, Target: "lake_settings:" + v.CorpID,
			CorpID: v.CorpID, Metadata: map[string]any{
				"from": map[string]any{"media_bytes": old.MediaBytes, "mask_pii": old.MaskPII, "compliance_formats": old.ComplianceFormats},
				"to":   map[string]any{"media_bytes": v.MediaBytes, "mask_pii": v.MaskPII, "compliance_formats": string(formats)}}})
	})
	if err != nil {
		return Settings{}, fmt.Errorf("lake: settings: %w", err)
	}
	return s.GetSettings(ctx, v.CorpID)
}

// ErrInput marks bad input from the caller.
var ErrInput = fmt.Errorf("lake: invalid input")

// RunView is one run as the UI lists it.
type RunView struct {
	ID         string          `json:"id"`
	CorpID     string          `json:"corp_id"`
	State      string          `json:"state"`
	Trigger    string          `json:"trigger"`
	Rows       int64           `json:"rows"`
	Bytes      int64           `json:"bytes"`
	Files      int             `json:"files"`
	Attempts   int             `json:"attempts"`
	LastError  string          `json:"last_error"`
	StartedAt  int64           `json:"started_at"`
	FinishedAt int64           `json:"finished_at"`
	Plan       json.RawMessage `json:"plan"`
}

// Runs lists a corp's recent runs, newest first.
func (s *Service) Runs(ctx context.Context, corpID string, limit int) ([]RunView, error) {
	if err := allow(ctx, corpID); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.st.LakeRuns(ctx, corpID, limit)
	if err != nil {
		return nil, err
	}
	out := make([]RunView, len(rows))
	for i, r := range rows {
		var files []json.RawMessage
		_ = json.Unmarshal([]byte(r.Files), &files)
		out[i] = RunView{ID: r.ID, CorpID: r.CorpID, State: r.State, Trigger: r.Trigger, Rows: r.Rows, Bytes: r.Bytes,
			Files: len(files), Attempts: r.Attempts, LastError: r.LastError, StartedAt: r.StartedAt,
			FinishedAt: r.FinishedAt, Plan: json.RawMessage(r.Plan)}
	}
	return out, nil
}

// Watermarks returns a corp's committed watermarks by table.
func (s *Service) Watermarks(ctx context.Context, corpID string) (map[string]store.LakeWatermark, error) {
	if err := allow(ctx, corpID); err != nil {
		return nil, err
	}
	return s.st.LakeWatermarks(ctx, corpID)
}

func (s *Service) checkFormats(fs []string) error {
	seen := map[string]bool{}
	for _, f := range fs {
		switch {
		case seen[f]:
			return fmt.Errorf("lake: settings: compliance format %q twice: %w", f, ErrInput)
		case f == ComplianceJSONL && s.signer == nil:
			return fmt.Errorf("lake: settings: %s needs the audit signing key: %w", f, audit.ErrNoSigner)
		case f != ComplianceActiance && f != ComplianceEML && f != ComplianceJSONL:
			return fmt.Errorf("lake: settings: compliance format %q is not actiance, eml or signed-jsonl: %w", f, ErrInput)
		}
		seen[f] = true
	}
	return nil
}
