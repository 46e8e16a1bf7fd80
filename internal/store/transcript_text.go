package store

import (
	"context"
	"fmt"
)

// MessageTranscriptText is the text of every transcript of a message's
// media (a voice message, a call recording), oldest first, joined by
// newlines; "" when there is none.
func (s *Store) MessageTranscriptText(ctx context.Context, corpID, msgid string) (string, error) {
	agg := "group_concat(t.text, char(10))"
	if s.dialect == Postgres {
		agg = "string_agg(t.text, chr(10) ORDER BY t.id)"
	}
	var text string
	err := s.queryRow(ctx, `SELECT COALESCE((SELECT `+agg+` FROM media_transcripts t JOIN media md ON md.id = t.media_id
		WHERE md.corp_id = ? AND md.msgid = ?), '')`, corpID, msgid).Scan(&text)
	if err != nil {
		return "", fmt.Errorf("store: transcript text of %s: %w", msgid, err)
	}
	return text, nil
}
