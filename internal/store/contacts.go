package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// ExternalContact is one customer as WeCom describes it.
type ExternalContact struct {
	CorpID         string `json:"corp_id"`
	ExternalUserID string `json:"external_userid"`
	Name           string `json:"name"`
	ContactType    int    `json:"contact_type"` // 1 WeChat user, 2 WeCom user
	Unionid        string `json:"unionid"`      // only for WeChat-type contacts; stored as NULL when empty
	CorpName       string `json:"corp_name"`
	CorpFullName   string `json:"corp_full_name"`
	Position       string `json:"position"`
	Gender         int    `json:"gender"`
	Avatar         string `json:"avatar"`
	Raw            string `json:"raw"`
	CreatedAt      int64  `json:"created_at"`
	UpdatedAt      int64  `json:"updated_at"`
}

// FollowRelation is the relationship of one employee with one customer.
type FollowRelation struct {
	ID             int64  `json:"id"`
	CorpID         string `json:"corp_id"`
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	State          string `json:"state"`
	Remark         string `json:"remark"`
	Description    string `json:"description"`
	AddWay         int    `json:"add_way"`
	OperUserID     string `json:"oper_userid"`
	StateTag       string `json:"state_tag"`
	AddedAt        int64  `json:"added_at"`
	UpdatedAt      int64  `json:"updated_at"`
	LastEventAt    int64  `json:"last_event_at"` // newest event time applied (ms)
	ContactName    string `json:"contact_name"`
	ContactType    int    `json:"contact_type"`
}

// RelationHistory is one state change of a relation.
type RelationHistory struct {
	ID             int64  `json:"id"`
	CorpID         string `json:"corp_id"`
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	FromState      string `json:"from_state"`
	ToState        string `json:"to_state"`
	Cause          string `json:"cause"`
	At             int64  `json:"at"`
	Metadata       string `json:"metadata"`
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// UpsertExternalContact writes a customer's details.
func (s *Store) UpsertExternalContact(ctx context.Context, c ExternalContact) error {
	now := s.nowMS()
	if c.Raw == "" {
		c.Raw = "{}"
	}
	_, err := s.exec(ctx, `INSERT INTO external_contacts (corp_id, external_userid, name, contact_type, unionid, corp_name,
		corp_full_name, position, gender, avatar, raw, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (corp_id, external_userid) DO UPDATE SET name = excluded.name, contact_type = excluded.contact_type,
		unionid = excluded.unionid, corp_name = excluded.corp_name, corp_full_name = excluded.corp_full_name,
		position = excluded.position, gender = excluded.gender, avatar = excluded.avatar, raw = excluded.raw,
		updated_at = excluded.updated_at`,
		c.CorpID, c.ExternalUserID, c.Name, c.ContactType, nullable(c.Unionid), c.CorpName, c.CorpFullName, c.Position,
		c.Gender, c.Avatar, c.Raw, now, now)
	if err != nil {
		return fmt.Errorf("store: upsert external contact: %w", err)
	}
	return nil
}

// GetExternalContact reads one customer.
func (s *Store) GetExternalContact(ctx context.Context, corpID, externalUserID string) (ExternalContact, error) {
	var c ExternalContact
	var union sql.NullString
	err := s.queryRow(ctx, `SELECT corp_id, external_userid, name, contact_type, unionid, corp_name, corp_full_name, position,
		gender, avatar, raw, created_at, updated_at FROM external_contacts WHERE corp_id = ? AND external_userid = ?`, corpID, externalUserID).
		Scan(&c.CorpID, &c.ExternalUserID, &c.Name, &c.ContactType, &union, &c.CorpName, &c.CorpFullName, &c.Position,
			&c.Gender, &c.Avatar, &c.Raw, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return ExternalContact{}, notFound(err, "external contact")
	}
	c.Unionid = union.String
	return c, nil
}

const relCols = `r.id, r.corp_id, r.userid, r.external_userid, r.state, r.remark, r.description, r.add_way, r.oper_userid,
	r.state_tag, r.added_at, r.updated_at, r.last_event_at, COALESCE(c.name, ''), COALESCE(c.contact_type, 0)`

const relFrom = ` FROM follow_relations r LEFT JOIN external_contacts c ON c.corp_id = r.corp_id AND c.external_userid = r.external_userid`

func scanRel(sc interface{ Scan(...any) error }) (FollowRelation, error) {
	var r FollowRelation
	err := sc.Scan(&r.ID, &r.CorpID, &r.UserID, &r.ExternalUserID, &r.State, &r.Remark, &r.Description, &r.AddWay,
		&r.OperUserID, &r.StateTag, &r.AddedAt, &r.UpdatedAt, &r.LastEventAt, &r.ContactName, &r.ContactType)
	return r, err
}

// GetFollowRelation reads one relation.
func (s *Store) GetFollowRelation(ctx context.Context, corpID, userID, externalUserID string) (FollowRelation, error) {
	r, err := scanRel(s.queryRow(ctx, `SELECT `+relCols+relFrom+` WHERE r.corp_id = ? AND r.userid = ? AND r.external_userid = ?`,
		corpID, userID, externalUserID))
	if err != nil {
		return FollowRelation{}, notFound(err, "follow relation")
	}
	return r, nil
}

// SaveFollowRelation upserts a relation and, when h.ToState is set, appends
// its history entry in the same transaction.
func (s *Store) SaveFollowRelation(ctx context.Context, r FollowRelation, h RelationHistory) error {
	return s.WithTx(ctx, func(ctx context.Context) error {
		now := s.nowMS()
		_, err := s.exec(ctx, `INSERT INTO follow_relations (corp_id, userid, external_userid, state, remark, description, add_way,
			oper_userid, state_tag, added_at, updated_at, last_event_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (corp_id, userid, external_userid) DO UPDATE SET state = excluded.state, remark = excluded.remark,
			description = excluded.description, add_way = excluded.add_way, oper_userid = excluded.oper_userid,
			state_tag = excluded.state_tag, added_at = excluded.added_at, updated_at = excluded.updated_at,
			last_event_at = excluded.last_event_at`,
			r.CorpID, r.UserID, r.ExternalUserID, r.State, r.Remark, r.Description, r.AddWay, r.OperUserID, r.StateTag,
			r.AddedAt, now, r.LastEventAt)
		if err != nil {
			return fmt.Errorf("store: save follow relation: %w", err)
		}
		if h.ToState == "" {
			return nil
		}
		return s.addHistory(ctx, h, now)
	})
}

// AddRelationHistory appends a history entry without changing the relation
// (a stale event, an edit).
func (s *Store) AddRelationHistory(ctx context.Context, h RelationHistory) error {
	return s.addHistory(ctx, h, s.nowMS())
}

func (s *Store) addHistory(ctx context.Context, h RelationHistory, now int64) error {
	if h.At == 0 {
		h.At = now
	}
	if h.Metadata == "" {
		h.Metadata = "{}"
	}
	_, err := s.exec(ctx, `INSERT INTO follow_relation_history (corp_id, userid, external_userid, from_state, to_state, cause, at, metadata)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, h.CorpID, h.UserID, h.ExternalUserID, h.FromState, h.ToState, h.Cause, h.At, h.Metadata)
	if err != nil {
		return fmt.Errorf("store: add relation history: %w", err)
	}
	return nil
}

// RelationFilter narrows ListFollowRelations. Empty fields match all.
type RelationFilter struct {
	CorpID         string
	UserID         string
	ExternalUserID string
	States         []string
	Query          string // substring of the contact's name or remark
	StateTag       string // exact channel tag (the contact way's state)
	AfterID        int64  // keyset cursor
	// Scope limits relations to employees in the caller's departments; nil:
	// unrestricted (jobs, CLI).
	Scope *DeptScope
	Limit int // 0 = no limit
}

// ListFollowRelations lists relations ordered by id.
func (s *Store) ListFollowRelations(ctx context.Context, f RelationFilter) ([]FollowRelation, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	add("r.id > ?", f.AfterID)
	if f.CorpID != "" {
		add("r.corp_id = ?", f.CorpID)
	}
	if f.UserID != "" {
		add("r.userid = ?", f.UserID)
	}
	if f.ExternalUserID != "" {
		add("r.external_userid = ?", f.ExternalUserID)
	}
	if len(f.States) > 0 {
		add("r.state IN (?"+strings.Repeat(", ?", len(f.States)-1)+")", anySlice(f.States)...)
	}
	if f.StateTag != "" {
		add("r.state_tag = ?", f.StateTag)
	}
	if f.Query != "" {
		q := "%" + strings.NewReplacer("%", "", "_", "").Replace(f.Query) + "%"
		add("(c.name LIKE ? OR r.remark LIKE ?)", q, q)
	}
	if f.Scope != nil && !f.Scope.All {
		w, a := f.Scope.Where("e.department_path")
		add("r.userid IN (SELECT e.userid FROM employees e WHERE e.corp_id = r.corp_id AND "+w+")", a...)
	}
	sqlText := `SELECT ` + relCols + relFrom + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY r.id`
	if f.Limit > 0 {
		sqlText += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.query(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list follow relations: %w", err)
	}
	defer rows.Close()
	var out []FollowRelation
	for rows.Next() {
		r, err := scanRel(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan follow relation: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// RelationHistoryOf lists a contact's history (one employee, or all when userID is empty), oldest first.
func (s *Store) RelationHistoryOf(ctx context.Context, corpID, userID, externalUserID string) ([]RelationHistory, error) {
	rows, err := s.query(ctx, `SELECT id, corp_id, userid, external_userid, from_state, to_state, cause, at, metadata
		FROM follow_relation_history WHERE corp_id = ? AND external_userid = ? AND (? = '' OR userid = ?) ORDER BY at, id`,
		corpID, externalUserID, userID, userID)
	if err != nil {
		return nil, fmt.Errorf("store: relation history: %w", err)
	}
	defer rows.Close()
	var out []RelationHistory
	for rows.Next() {
		var h RelationHistory
		if err := rows.Scan(&h.ID, &h.CorpID, &h.UserID, &h.ExternalUserID, &h.FromState, &h.ToState, &h.Cause, &h.At, &h.Metadata); err != nil {
			return nil, fmt.Errorf("store: scan relation history: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Reconciliation is one full-reconciliation run and what it repaired.
type Reconciliation struct {
	ID            int64  `json:"id"`
	CorpID        string `json:"corp_id"`
	StartedAt     int64  `json:"started_at"`
	FinishedAt    int64  `json:"finished_at"`
	Employees     int    `json:"employees"`
	RelationsSeen int    `json:"relations_seen"`
	Repaired      int    `json:"repaired"`
	Report        string `json:"report"` // JSON
	Error         string `json:"error"`
}

// SaveReconciliation records a finished run.
func (s *Store) SaveReconciliation(ctx context.Context, r Reconciliation) (int64, error) {
	var id int64
	err := s.queryRow(ctx, `INSERT INTO contact_reconciliations (corp_id, started_at, finished_at, employees, relations_seen,
		repaired, report, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.CorpID, r.StartedAt, r.FinishedAt, r.Employees,
		r.RelationsSeen, r.Repaired, r.Report, r.Error).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: save reconciliation: %w", err)
	}
	return id, nil
}
