package store

import (
	"context"
	"fmt"
	"strings"

	"wecomadmin/internal/textindex"
)

// checkText is the text a checked search re-checks a candidate against:
// the text the index was fed for it, the message's content plus the
// transcripts of its media (reindexRange and IndexMessageText index the
// same), so a phrase found only in a voice or call transcript is kept.
func (s *Store) checkText(ctx context.Context, rows []Message) (map[int64]string, error) {
	var ids []any
	byMsgID := map[string]int64{}
	for _, m := range rows {
		if m.HasMedia > 0 {
			ids = append(ids, m.MsgID)
			byMsgID[m.MsgID] = m.ID
		}
	}
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	q := `SELECT md.msgid, t.text FROM media md JOIN media_transcripts t ON t.media_id = md.id
		WHERE md.corp_id = ? AND md.msgid IN (` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `) ORDER BY t.id`
	rs, err := s.readQuery(ctx, q, append([]any{rows[0].CorpID}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("store: search transcripts: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var msgid, text string
		if err := rs.Scan(&msgid, &text); err != nil {
			return nil, fmt.Errorf("store: search transcripts: %w", err)
		}
		out[byMsgID[msgid]] += "\n" + text
	}
	return out, rs.Err()
}

// keepMatching filters candidates to those q matches exactly, on their
// content plus transcripts.
func (s *Store) keepMatching(ctx context.Context, q textindex.Query, rows []Message) ([]bool, error) {
	extra, err := s.checkText(ctx, rows)
	if err != nil {
		return nil, err
	}
	keep := make([]bool, len(rows))
	for i, m := range rows {
		keep[i] = q.Matches(m.Content + extra[m.ID])
	}
	return keep, nil
}
