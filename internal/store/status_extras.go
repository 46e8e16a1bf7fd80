package store

import (
	"context"
	"fmt"
)

// CorpExtras are the dashboard figures beyond ingest and media: consent
// coverage, licence use, callback and HR sync health, and quarantined
// archive records by key version. Keyed by corp id in StatusExtras.
type CorpExtras struct {
	Consent        map[string]int64 // conversations by consent state (agreed, refused, none, unknown)
	Licensed       int64            // employees HR marks as archive-licensed
	Permitted      int64            // employees WeCom archives
	SettingsJSON   string           // the corp's account settings document (licence quota lives there)
	Callbacks      map[string]int64 // callback inbox by state (pending, done, failed, ...)
	LastCallbackAt int64            // ms of the newest received callback; 0 none
	CallbackError  string           // last_error of the newest failed callback
	LastSync       SyncRunSummary
	// KeyQuarantine counts unresolved quarantined records by publickey_ver and reason.
	KeyQuarantine []KeyQuarantine
}

// SyncRunSummary is the newest HR sync run of a corp.
type SyncRunSummary struct {
	ID         int64
	State      string
	CreatedAt  int64
	FinishedAt int64
	LastError  string
}

// KeyQuarantine is a count of quarantined records of one key version and reason.
type KeyQuarantine struct {
	Version int
	Reason  string
	Count   int64
}

// StatusExtras gathers the extra dashboard figures of every corp in a few
// grouped queries.
func (s *Store) StatusExtras(ctx context.Context) (map[string]*CorpExtras, error) {
	corps, err := s.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*CorpExtras, len(corps))
	for _, c := range corps {
		out[c.CorpID] = &CorpExtras{Consent: map[string]int64{}, Callbacks: map[string]int64{}, KeyQuarantine: []KeyQuarantine{}}
	}
	steps := []func(context.Context, map[string]*CorpExtras) error{s.extrasCounts, s.extrasLicences, s.extrasCallbacks, s.extrasSync, s.extrasQuarantine}
	for _, step := range steps {
		if err := step(ctx, out); err != nil {
			return nil, fmt.Errorf("store: status extras: %w", err)
		}
	}
	return out, nil
}

func (s *Store) extrasCounts(ctx context.Context, out map[string]*CorpExtras) error {
	for q, into := range map[string]func(*CorpExtras) map[string]int64{
		`SELECT corp_id, consent, COUNT(*) FROM conversations GROUP BY corp_id, consent`: func(e *CorpExtras) map[string]int64 { return e.Consent },
		`SELECT corp_id, state, COUNT(*) FROM callback_inbox GROUP BY corp_id, state`:    func(e *CorpExtras) map[string]int64 { return e.Callbacks },
	} {
		rows, err := s.query(ctx, q)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, k string
			var n int64
			if err := rows.Scan(&id, &k, &n); err != nil {
				rows.Close()
				return err
			}
			if e := out[id]; e != nil {
				into(e)[k] = n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) extrasLicences(ctx context.Context, out map[string]*CorpExtras) error {
	rows, err := s.query(ctx, `SELECT corp_id, COALESCE(SUM(CASE WHEN archive_licence <> 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN archive_permitted <> 0 THEN 1 ELSE 0 END), 0) FROM employees GROUP BY corp_id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		var lic, per int64
		if err := rows.Scan(&id, &lic, &per); err != nil {
			rows.Close()
			return err
		}
		if e := out[id]; e != nil {
			e.Licensed, e.Permitted = lic, per
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.query(ctx, `SELECT corp_id, settings FROM account_settings`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, doc string
		if err := rows.Scan(&id, &doc); err != nil {
			return err
		}
		if e := out[id]; e != nil {
			e.SettingsJSON = doc
		}
	}
	return rows.Err()
}

func (s *Store) extrasCallbacks(ctx context.Context, out map[string]*CorpExtras) error {
	for id, e := range out {
		err := s.queryRow(ctx, `SELECT COALESCE(MAX(received_at), 0) FROM callback_inbox WHERE corp_id = ?`, id).Scan(&e.LastCallbackAt)
		if err != nil {
			return err
		}
		err = s.queryRow(ctx, `SELECT last_error FROM callback_inbox WHERE corp_id = ? AND last_error <> ''
			ORDER BY received_at DESC, id DESC LIMIT 1`, id).Scan(&e.CallbackError)
		if err != nil && !isNoRowsErr(err) {
			return err
		}
	}
	return nil
}

func (s *Store) extrasSync(ctx context.Context, out map[string]*CorpExtras) error {
	for id, e := range out {
		r := &e.LastSync
		err := s.queryRow(ctx, `SELECT id, state, created_at, finished_at, last_error FROM sync_runs WHERE corp_id = ?
			ORDER BY id DESC LIMIT 1`, id).Scan(&r.ID, &r.State, &r.CreatedAt, &r.FinishedAt, &r.LastError)
		if err != nil && !isNoRowsErr(err) {
			return err
		}
	}
	return nil
}

func (s *Store) extrasQuarantine(ctx context.Context, out map[string]*CorpExtras) error {
	rows, err := s.query(ctx, `SELECT corp_id, publickey_ver, reason, COUNT(*) FROM archive_quarantine WHERE resolved_at = 0
		GROUP BY corp_id, publickey_ver, reason ORDER BY corp_id, publickey_ver, reason`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var q KeyQuarantine
		if err := rows.Scan(&id, &q.Version, &q.Reason, &q.Count); err != nil {
			return err
		}
		if e := out[id]; e != nil {
			e.KeyQuarantine = append(e.KeyQuarantine, q)
		}
	}
	return rows.Err()
}
