package store

import (
	"context"
	"errors"
	"fmt"
)

// CorpData counts what keeps a corp from being deleted: its archive, its
// people and its legal holds. A corp is deleted only when all are zero.
type CorpData struct {
	Messages  int64 `json:"messages"`
	Employees int64 `json:"employees"`
	Contacts  int64 `json:"contacts"`
	Holds     int64 `json:"legal_holds"` // active holds
}

// Empty reports whether nothing keeps the corp.
func (d CorpData) Empty() bool { return d == CorpData{} }

// ErrCorpInUse refuses deleting a corp that still has data or holds; the
// error is a *CorpInUseError naming the counts.
var ErrCorpInUse = errors.New("store: corp has data")

// CorpInUseError is ErrCorpInUse with what the corp still holds.
type CorpInUseError struct{ Data CorpData }

func (e *CorpInUseError) Error() string {
	return fmt.Sprintf("store: corp has data: %d messages, %d employees, %d contacts, %d active legal holds",
		e.Data.Messages, e.Data.Employees, e.Data.Contacts, e.Data.Holds)
}
func (e *CorpInUseError) Unwrap() error { return ErrCorpInUse }

// CorpDataCounts counts what keeps a corp.
func (s *Store) CorpDataCounts(ctx context.Context, corpID string) (CorpData, error) {
	var d CorpData
	for _, q := range []struct {
		sql string
		n   *int64
	}{
		{`SELECT COUNT(*) FROM messages WHERE corp_id = ?`, &d.Messages},
		{`SELECT COUNT(*) FROM employees WHERE corp_id = ?`, &d.Employees},
		{`SELECT COUNT(*) FROM external_contacts WHERE corp_id = ?`, &d.Contacts},
		{`SELECT COUNT(*) FROM legal_holds WHERE corp_id = ? AND state = 'active'`, &d.Holds},
	} {
		if err := s.queryRow(ctx, q.sql, corpID).Scan(q.n); err != nil {
			return d, fmt.Errorf("store: corp data %s: %w", corpID, err)
		}
	}
	return d, nil
}

// corpOwned are the tables whose rows belong to a corp's set-up and
// derived state, children before parents (their foreign keys). With no
// messages, employees or contacts these hold configuration only: secrets,
// keys, cursors, settings, the directory's departments and groups, HR runs.
// The audit trail is never touched.
var corpOwned = []string{
	"group_chat_members", "group_chats", "follow_relations", "departments",
	"archive_quarantine", "conversations", "archive_rooms", "archive_permit_users", "archive_consent", "archive_cursors",
	"account_settings", "corp_secrets", "corp_archive_keys", "corp_archive",
}

// DeleteCorp removes a corp and its set-up in one transaction, refused with
// a *CorpInUseError while it has messages, employees, contacts or active
// legal holds. Call it in the transaction that records the deletion.
func (s *Store) DeleteCorp(ctx context.Context, corpID string) error {
	return s.WithTx(ctx, func(ctx context.Context) error {
		d, err := s.CorpDataCounts(ctx, corpID)
		if err != nil {
			return err
		}
		if !d.Empty() {
			return &CorpInUseError{Data: d}
		}
		if _, err := s.exec(ctx, `DELETE FROM sync_steps WHERE run_id IN (SELECT id FROM sync_runs WHERE corp_id = ?)`, corpID); err != nil {
			return fmt.Errorf("store: delete corp %s: sync_steps: %w", corpID, err)
		}
		for _, t := range append(corpOwned, "sync_runs", "media") {
			if _, err := s.exec(ctx, `DELETE FROM `+t+` WHERE corp_id = ?`, corpID); err != nil {
				return fmt.Errorf("store: delete corp %s: %s: %w", corpID, t, err)
			}
		}
		res, err := s.exec(ctx, `DELETE FROM corps WHERE corp_id = ?`, corpID)
		if err != nil {
			return fmt.Errorf("store: delete corp %s: %w", corpID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: delete corp %s: %w", corpID, ErrNotFound)
		}
		return nil
	})
}
