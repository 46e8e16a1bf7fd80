package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"wecomadmin/internal/textindex"
)

// pgWalkRows is how many of a corp's newest messages the PostgreSQL search
// checks one by one before it asks the GIN index.
const pgWalkRows = 4000

// searchPagePG finds the newest hits in two steps. A GIN index yields every
// hit unordered, and PostgreSQL estimates phrase (<->) selectivity as if a
// word's bigrams were independent, so for a common phrase it chose the GIN
// scan and then read and sorted tens of thousands of rows (1.6 s at a
// million messages). So: first walk the corp's newest pgWalkRows messages
// by id and test each (a few ms, enough for any common term); only when
// that window holds fewer than limit hits, let the planner find the rest
// below the window, where a bad guess costs less.
func (s *Store) searchPagePG(ctx context.Context, q textindex.Query, f MessageFilter, limit, walk int) ([]Message, error) {
	window := `SELECT * FROM messages WHERE corp_id = ?`
	wargs := []any{f.CorpID}
	if f.BeforeID > 0 {
		window += ` AND id < ?`
		wargs = append(wargs, f.BeforeID)
	}
	// The time filter bounds the window too, so the planner prunes the
	// month partitions outside it (and the window holds only candidates).
	if f.From > 0 {
		window += ` AND msgtime >= ?`
		wargs = append(wargs, f.From)
	}
	if f.To > 0 {
		window += ` AND msgtime <= ?`
		wargs = append(wargs, f.To)
	}
	window += ` ORDER BY id DESC LIMIT ` + strconv.Itoa(walk)
	w, fargs := s.messageWhere(f)
	args := append(append(append(wargs[:len(wargs):len(wargs)], s.searchArgs(q, f)[0]), fargs...), limit)
	rows, err := s.readQuery(ctx, `SELECT m.`+strings.ReplaceAll(messageCols, ", ", ", m.")+` FROM (`+window+`) m
		WHERE m.search @@ ?::tsquery AND `+w+` ORDER BY m.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search messages: %w", err)
	}
	hits, err := collectMessages(rows)
	if err != nil || len(hits) >= limit {
		return hits, err
	}
	var n int
	var low int64
	err = s.readQueryRow(ctx, `SELECT COUNT(*), COALESCE(MIN(id), 0) FROM (`+strings.Replace(window, "SELECT *", "SELECT id", 1)+`) w`,
		wargs...).Scan(&n, &low)
	if err != nil {
		return nil, fmt.Errorf("store: search messages: %w", err)
	}
	if n < walk { // the window was the whole corp
		return hits, nil
	}
	f.BeforeID = low
	rows, err = s.readQuery(ctx, s.searchSQL(f, "m."+strings.ReplaceAll(messageCols, ", ", ", m."), "ORDER BY m.id DESC LIMIT ?", false),
		append(s.searchArgs(q, f), limit-len(hits))...)
	if err != nil {
		return nil, fmt.Errorf("store: search messages: %w", err)
	}
	rest, err := collectMessages(rows)
	return append(hits, rest...), err
}
