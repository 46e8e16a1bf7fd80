package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
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
	rest, err := s.searchMonthsPG(ctx, q, f, limit-len(hits))
	return append(hits, rest...), err
}

// searchBelowPG is one planner-chosen search of f (no window).
func (s *Store) searchBelowPG(ctx context.Context, q textindex.Query, f MessageFilter, extra string, extraArgs []any, limit int) ([]Message, error) {
	sqlText := s.searchSQL(f, "m."+strings.ReplaceAll(messageCols, ", ", ", m."), extra+" ORDER BY m.id DESC LIMIT ?", false)
	rows, err := s.readQuery(ctx, sqlText, append(append(s.searchArgs(q, f), extraArgs...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: search messages: %w", err)
	}
	return collectMessages(rows)
}

// searchMonthsPG searches month partitions newest first, in spans of 1,
// 2, 4, ... months (the planner reads only the span's partitions), and
// stops as soon as the hits found are the newest of all: ids follow
// archive order, not msgtime exactly, so it stops when the limit-th
// newest hit is above every id outside the months searched (one index
// step per partition). What no month covers (the default partition) is
// searched last. On one table, or a query bounded to one month, it is one
// search.
func (s *Store) searchMonthsPG(ctx context.Context, q textindex.Query, f MessageFilter, limit int) ([]Message, error) {
	parts, err := s.MessagePartitions(ctx)
	if err != nil {
		return nil, err
	}
	// Newest first, within f's time range, not the months created ahead
	// (empty but for a clock far off: they count as outside, below).
	var months []MessagePartition
	now := s.nowMS()
	for _, p := range parts {
		if p.From <= now && (f.To == 0 || p.From <= f.To) && (f.From == 0 || p.To > f.From) {
			months = append(months, p)
		}
	}
	if len(months) <= 1 {
		return s.searchBelowPG(ctx, q, f, "", nil, limit)
	}
	top := months[0].To // searched so far: msgtime in [lo, top)
	lo := top
	var hits []Message
	for i, span := 0, 1; i < len(months); i, span = i+span, span*2 {
		end := min(i+span, len(months))
		from := months[end-1].From
		more, err := s.searchBelowPG(ctx, q, f, "AND m.msgtime >= ? AND m.msgtime < ?", []any{from, lo}, limit)
		if err != nil {
			return nil, err
		}
		hits, lo = newestByID(append(hits, more...), limit), from
		if len(hits) < limit {
			continue
		}
		var outside sql.NullInt64
		w, args := s.messageWhere(MessageFilter{CorpID: f.CorpID, Scope: DeptScope{All: true}, BeforeID: f.BeforeID, From: f.From, To: f.To})
		if err := s.readQueryRow(ctx, `SELECT MAX(m.id) FROM messages m WHERE `+w+` AND (m.msgtime < ? OR m.msgtime >= ?)`,
			append(args, lo, top)...).Scan(&outside); err != nil {
			return nil, fmt.Errorf("store: search messages: %w", err)
		}
		if !outside.Valid || outside.Int64 < hits[len(hits)-1].ID {
			return hits, nil
		}
	}
	more, err := s.searchBelowPG(ctx, q, f, "AND (m.msgtime < ? OR m.msgtime >= ?)", []any{lo, top}, limit)
	if err != nil {
		return nil, err
	}
	return newestByID(append(hits, more...), limit), nil
}

// newestByID keeps the limit highest ids, highest first.
func newestByID(ms []Message, limit int) []Message {
	sort.Slice(ms, func(i, j int) bool { return ms[i].ID > ms[j].ID })
	return ms[:min(len(ms), limit)]
}
