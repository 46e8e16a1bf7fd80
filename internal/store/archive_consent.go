package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// ReplacePermitUsers makes ids the corp's archive-enabled members: new ones
// are marked permitted, missing ones not permitted (kept for history).
func (s *Store) ReplacePermitUsers(ctx context.Context, corpID string, ids []string) error {
	return s.WithTx(ctx, func(ctx context.Context) error {
		now := s.nowMS()
		if _, err := s.exec(ctx, `UPDATE archive_permit_users SET permitted = 0, updated_at = ? WHERE corp_id = ? AND permitted = 1`, now, corpID); err != nil {
			return fmt.Errorf("store: permit users: %w", err)
		}
		for _, id := range ids {
			if _, err := s.exec(ctx, `INSERT INTO archive_permit_users (corp_id, userid, permitted, updated_at) VALUES (?, ?, 1, ?)
				ON CONFLICT (corp_id, userid) DO UPDATE SET permitted = 1, updated_at = excluded.updated_at`, corpID, id, now); err != nil {
				return fmt.Errorf("store: permit user %s: %w", id, err)
			}
		}
		return nil
	})
}

// PermitUsers lists the corp's archive-enabled members.
func (s *Store) PermitUsers(ctx context.Context, corpID string) ([]string, error) {
	rows, err := s.query(ctx, `SELECT userid FROM archive_permit_users WHERE corp_id = ? AND permitted = 1 ORDER BY userid`, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: permit users: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Consent is one consent state: (userid, external_userid) for 1:1 or
// (roomid, external_userid) for a group.
type Consent struct {
	CorpID         string
	UserID         string
	ExternalUserID string
	RoomID         string
	Status         string // Agree, Disagree, Default_Agree
	ChangedAt      int64  // ms
}

// RecordConsent stores a consent state and, when it changed, a history
// row; it also marks the conversation's consent.
func (s *Store) RecordConsent(ctx context.Context, c Consent, source string) (changed bool, err error) {
	err = s.WithTx(ctx, func(ctx context.Context) error {
		var prev string
		e := s.queryRow(ctx, `SELECT status FROM archive_consent WHERE corp_id = ? AND userid = ? AND external_userid = ? AND roomid = ?`,
			c.CorpID, c.UserID, c.ExternalUserID, c.RoomID).Scan(&prev)
		if e != nil && !isNotFound(notFound(e, "")) {
			return fmt.Errorf("store: consent: %w", e)
		}
		now := s.nowMS()
		if _, e := s.exec(ctx, `INSERT INTO archive_consent (corp_id, userid, external_userid, roomid, status, changed_at, checked_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (corp_id, userid, external_userid, roomid) DO UPDATE SET
			status = excluded.status, changed_at = excluded.changed_at, checked_at = excluded.checked_at`,
			c.CorpID, c.UserID, c.ExternalUserID, c.RoomID, c.Status, c.ChangedAt, now); e != nil {
			return fmt.Errorf("store: consent: %w", e)
		}
		if prev == c.Status {
			return nil
		}
		changed = true
		if _, e := s.exec(ctx, `INSERT INTO archive_consent_history (corp_id, userid, external_userid, roomid, from_status, status,
			changed_at, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.CorpID, c.UserID, c.ExternalUserID, c.RoomID, prev, c.Status, c.ChangedAt, source, now); e != nil {
			return fmt.Errorf("store: consent history: %w", e)
		}
		return nil
	})
	return changed, err
}

// ConsentHistory lists the consent changes of an external contact.
func (s *Store) ConsentHistory(ctx context.Context, corpID, externalUserID string) ([]Consent, error) {
	rows, err := s.query(ctx, `SELECT corp_id, userid, external_userid, roomid, status, changed_at FROM archive_consent_history
		WHERE corp_id = ? AND external_userid = ? ORDER BY id`, corpID, externalUserID)
	if err != nil {
		return nil, fmt.Errorf("store: consent history: %w", err)
	}
	defer rows.Close()
	var out []Consent
	for rows.Next() {
		var c Consent
		if err := rows.Scan(&c.CorpID, &c.UserID, &c.ExternalUserID, &c.RoomID, &c.Status, &c.ChangedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetConversationConsent marks a conversation's consent: agreed, refused,
// none (no consent on record) or unknown.
func (s *Store) SetConversationConsent(ctx context.Context, corpID, conversationID, consent string) error {
	_, err := s.exec(ctx, `UPDATE conversations SET consent = ?, updated_at = ? WHERE corp_id = ? AND conversation_id = ?`,
		consent, s.nowMS(), corpID, conversationID)
	if err != nil {
		return fmt.Errorf("store: conversation consent: %w", err)
	}
	return nil
}

// ArchiveRoom is a cached msgaudit/groupchat/get answer.
type ArchiveRoom struct {
	CorpID     string
	RoomID     string
	Name       string
	Creator    string
	Notice     string
	CreateTime int64
	Members    []string
	FetchError string
	FetchedAt  int64
}

// UpsertArchiveRoom caches a room's info.
func (s *Store) UpsertArchiveRoom(ctx context.Context, r ArchiveRoom) error {
	mj, _ := json.Marshal(r.Members)
	if r.Members == nil {
		mj = []byte("[]")
	}
	_, err := s.exec(ctx, `INSERT INTO archive_rooms (corp_id, roomid, name, creator, notice, room_create_time, members, fetch_error, fetched_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (corp_id, roomid) DO UPDATE SET name = excluded.name, creator = excluded.creator,
		notice = excluded.notice, room_create_time = excluded.room_create_time, members = excluded.members,
		fetch_error = excluded.fetch_error, fetched_at = excluded.fetched_at`,
		r.CorpID, r.RoomID, r.Name, r.Creator, r.Notice, r.CreateTime, string(mj), r.FetchError, s.nowMS())
	if err != nil {
		return fmt.Errorf("store: archive room %s: %w", r.RoomID, err)
	}
	return nil
}

// ArchiveRoomByID returns a cached room.
func (s *Store) ArchiveRoomByID(ctx context.Context, corpID, roomID string) (ArchiveRoom, error) {
	r := ArchiveRoom{CorpID: corpID, RoomID: roomID}
	var mj string
	err := s.queryRow(ctx, `SELECT name, creator, notice, room_create_time, members, fetch_error, fetched_at FROM archive_rooms
		WHERE corp_id = ? AND roomid = ?`, corpID, roomID).Scan(&r.Name, &r.Creator, &r.Notice, &r.CreateTime, &mj, &r.FetchError, &r.FetchedAt)
	if err != nil {
		return r, notFound(err, "archive room "+roomID)
	}
	_ = json.Unmarshal([]byte(mj), &r.Members)
	return r, nil
}
