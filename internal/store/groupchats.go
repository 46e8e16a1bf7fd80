package store

import (
	"context"
	"database/sql"
	"fmt"
)

// GroupChat is one customer group.
type GroupChat struct {
	CorpID        string `json:"corp_id"`
	ChatID        string `json:"chat_id"`
	Name          string `json:"name"`
	Owner         string `json:"owner"`
	Notice        string `json:"notice"`
	Status        int    `json:"status"` // groupchat/list status: 0 normal, 1 owner left, 2 inheriting, 3 inherited
	MemberVersion string `json:"member_version"`
	CreatedTime   int64  `json:"created_time"` // ms
	DismissedAt   int64  `json:"dismissed_at"` // ms, 0 = live
	UpdatedAt     int64  `json:"updated_at"`
	MemberCount   int    `json:"member_count"`
}

// GroupChatMember is one member of a customer group.
type GroupChatMember struct {
	MemberID   string `json:"member_id"`
	MemberType int    `json:"member_type"` // 1 internal, 2 external
	Unionid    string `json:"unionid"`
	JoinTime   int64  `json:"join_time"` // ms
	JoinScene  int    `json:"join_scene"`
	Invitor    string `json:"invitor"`
	LeftAt     int64  `json:"left_at"` // ms, 0 = still a member
}

// SaveGroupChat upserts a group and its current member list; members no
// longer listed are kept with left_at set, so the history of who was in the
// group survives.
func (s *Store) SaveGroupChat(ctx context.Context, g GroupChat, members []GroupChatMember) error {
	return s.WithTx(ctx, func(ctx context.Context) error {
		now := s.nowMS()
		_, err := s.exec(ctx, `INSERT INTO group_chats (corp_id, chat_id, kind, name, owner, notice, status, member_version,
			created_time, updated_at) VALUES (?, ?, 'customer', ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (corp_id, chat_id) DO UPDATE SET name = excluded.name, owner = excluded.owner, notice = excluded.notice,
			status = excluded.status, member_version = excluded.member_version, created_time = excluded.created_time,
			updated_at = excluded.updated_at`,
			g.CorpID, g.ChatID, g.Name, g.Owner, g.Notice, g.Status, g.MemberVersion, g.CreatedTime, now)
		if err != nil {
			return fmt.Errorf("store: save group chat: %w", err)
		}
		if _, err := s.exec(ctx, `UPDATE group_chat_members SET left_at = ? WHERE corp_id = ? AND chat_id = ? AND left_at IS NULL`,
			now, g.CorpID, g.ChatID); err != nil {
			return fmt.Errorf("store: mark group members: %w", err)
		}
		for _, m := range members {
			_, err := s.exec(ctx, `INSERT INTO group_chat_members (corp_id, chat_id, member_id, member_type, unionid, join_time,
				join_scene, invitor, left_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
				ON CONFLICT (corp_id, chat_id, member_id) DO UPDATE SET member_type = excluded.member_type, unionid = excluded.unionid,
				join_time = excluded.join_time, join_scene = excluded.join_scene, invitor = excluded.invitor, left_at = NULL`,
				g.CorpID, g.ChatID, m.MemberID, m.MemberType, nullable(m.Unionid), m.JoinTime, m.JoinScene, m.Invitor)
			if err != nil {
				return fmt.Errorf("store: save group member: %w", err)
			}
		}
		return nil
	})
}

// DismissGroupChat marks a group dismissed.
func (s *Store) DismissGroupChat(ctx context.Context, corpID, chatID string) error {
	now := s.nowMS()
	_, err := s.exec(ctx, `INSERT INTO group_chats (corp_id, chat_id, kind, dismissed_at, updated_at) VALUES (?, ?, 'customer', ?, ?)
		ON CONFLICT (corp_id, chat_id) DO UPDATE SET dismissed_at = excluded.dismissed_at, updated_at = excluded.updated_at`,
		corpID, chatID, now, now)
	if err != nil {
		return fmt.Errorf("store: dismiss group chat: %w", err)
	}
	return nil
}

const groupCols = `g.corp_id, g.chat_id, g.name, g.owner, g.notice, g.status, g.member_version, g.created_time,
	COALESCE(g.dismissed_at, 0), g.updated_at,
	(SELECT COUNT(*) FROM group_chat_members m WHERE m.corp_id = g.corp_id AND m.chat_id = g.chat_id AND m.left_at IS NULL)`

func scanGroup(sc interface{ Scan(...any) error }) (GroupChat, error) {
	var g GroupChat
	err := sc.Scan(&g.CorpID, &g.ChatID, &g.Name, &g.Owner, &g.Notice, &g.Status, &g.MemberVersion, &g.CreatedTime,
		&g.DismissedAt, &g.UpdatedAt, &g.MemberCount)
	return g, err
}

// ListGroupChats lists a corp's customer groups, optionally of one owner, by chat id after a cursor.
func (s *Store) ListGroupChats(ctx context.Context, corpID, owner, afterChatID string, limit int) ([]GroupChat, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	rows, err := s.query(ctx, `SELECT `+groupCols+` FROM group_chats g WHERE g.corp_id = ? AND (? = '' OR g.owner = ?)
		AND g.chat_id > ? ORDER BY g.chat_id LIMIT ?`, corpID, owner, owner, afterChatID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list group chats: %w", err)
	}
	defer rows.Close()
	var out []GroupChat
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan group chat: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// GetGroupChat reads one group and its members (current and former).
func (s *Store) GetGroupChat(ctx context.Context, corpID, chatID string) (GroupChat, []GroupChatMember, error) {
	g, err := scanGroup(s.queryRow(ctx, `SELECT `+groupCols+` FROM group_chats g WHERE g.corp_id = ? AND g.chat_id = ?`, corpID, chatID))
	if err != nil {
		return GroupChat{}, nil, notFound(err, "group chat")
	}
	rows, err := s.query(ctx, `SELECT member_id, member_type, unionid, join_time, join_scene, invitor, COALESCE(left_at, 0)
		FROM group_chat_members WHERE corp_id = ? AND chat_id = ? ORDER BY join_time, member_id`, corpID, chatID)
	if err != nil {
		return GroupChat{}, nil, fmt.Errorf("store: group members: %w", err)
	}
	defer rows.Close()
	var ms []GroupChatMember
	for rows.Next() {
		var m GroupChatMember
		var u sql.NullString
		if err := rows.Scan(&m.MemberID, &m.MemberType, &u, &m.JoinTime, &m.JoinScene, &m.Invitor, &m.LeftAt); err != nil {
			return GroupChat{}, nil, fmt.Errorf("store: scan group member: %w", err)
		}
		m.Unionid = u.String
		ms = append(ms, m)
	}
	return g, ms, rows.Err()
}
