package export

import (
	"context"
	"fmt"
	"slices"
	"time"

	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
	"wecomadmin/internal/textindex"
)

const batch = 500

// selection is what an export walks: a search (q + filter, newest first),
// or whole conversations (each oldest first), up to a snapshot id so every
// pass over it sees the same messages even while ingest goes on.
type selection struct {
	q        textindex.Query
	hasQ     bool
	f        store.MessageFilter
	convs    []string // conversations source, or a search grouped by conversation
	grouped  bool     // a search walked conversation by conversation
	maxID    int64
	isSearch bool
}

func (s *Service) selection(ctx context.Context, e *store.Export, params Params) (*selection, error) {
	sel := &selection{f: params.Filter, isSearch: e.Source != "conversations"}
	if params.Q != "" {
		q, err := textindex.Parse(params.Q)
		if err != nil {
			return nil, jobs.Permanent(err)
		}
		sel.q, sel.hasQ = q, true
	}
	newest, err := s.st.ListMessages(ctx, store.MessageFilter{CorpID: e.CorpID, Scope: store.DeptScope{All: true}}, 0, false, 1)
	if err != nil {
		return nil, err
	}
	if len(newest) > 0 {
		sel.maxID = newest[0].ID
	}
	if !sel.isSearch {
		sel.convs = params.ConversationIDs
		return sel, nil
	}
	if e.Format == "xlsx" && params.Layout == LayoutPerConversation {
		// One sheet per conversation needs rows grouped: find the result's
		// conversations (newest activity first), then walk each in turn.
		seen := map[string]bool{}
		err := s.each(ctx, sel, func(msgs []store.Message) error {
			for _, m := range msgs {
				if !seen[m.ConversationID] {
					if len(seen) >= MaxSheets {
						return jobs.Permanent(fmt.Errorf("export %d: more than %d conversations for one sheet each; use the one-sheet layout", e.ID, MaxSheets))
					}
					seen[m.ConversationID] = true
					sel.convs = append(sel.convs, m.ConversationID)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sel.grouped = true
	}
	return sel, nil
}

// each calls fn with the selection's messages, a batch at a time.
func (s *Service) each(ctx context.Context, sel *selection, fn func([]store.Message) error) error {
	if !sel.isSearch {
		for _, cid := range sel.convs {
			f := sel.f
			f.ConversationID = cid
			for after := int64(0); ; {
				msgs, err := s.st.ListMessages(ctx, f, after, true, batch)
				if err != nil {
					return err
				}
				if i := slices.IndexFunc(msgs, func(m store.Message) bool { return m.ID > sel.maxID }); i >= 0 {
					msgs = msgs[:i]
				}
				if len(msgs) == 0 {
					break
				}
				if err := fn(msgs); err != nil {
					return err
				}
				after = msgs[len(msgs)-1].ID
			}
		}
		return nil
	}
	if sel.grouped {
		for _, cid := range sel.convs {
			f := sel.f
			f.ConversationID = cid
			if err := s.eachSearch(ctx, sel, f, fn); err != nil {
				return err
			}
		}
		return nil
	}
	return s.eachSearch(ctx, sel, sel.f, fn)
}

func (s *Service) eachSearch(ctx context.Context, sel *selection, f store.MessageFilter, fn func([]store.Message) error) error {
	f.BeforeID = sel.maxID + 1
	for {
		var msgs []store.Message
		var err error
		if sel.hasQ {
			msgs, err = s.st.SearchMessages(ctx, sel.q, f, batch)
		} else {
			msgs, err = s.st.ListMessages(ctx, f, 0, false, batch)
		}
		if err != nil || len(msgs) == 0 {
			return err
		}
		if err := fn(msgs); err != nil {
			return err
		}
		f.BeforeID = msgs[len(msgs)-1].ID
	}
}

// total counts the selection for the job's progress (0 when unknown).
func (s *Service) total(ctx context.Context, sel *selection) int64 {
	f := sel.f
	f.BeforeID = sel.maxID + 1
	if sel.isSearch && sel.hasQ {
		n, _, err := s.st.CountSearch(ctx, sel.q, f, 100_000_000)
		if err != nil {
			return 0
		}
		return int64(n)
	}
	convs := sel.convs
	if sel.isSearch {
		convs = []string{""}
	}
	var sum int64
	for _, c := range convs {
		f.ConversationID = c
		n, err := s.st.CountMessages(ctx, f)
		if err != nil {
			return 0
		}
		sum += n
	}
	return sum
}

// planVolumes cuts the selection into PDF volumes of at most per messages,
// noting each volume's time range and conversations.
func (s *Service) planVolumes(ctx context.Context, sel *selection, per int, loc *time.Location) ([]volume, int64, error) {
	const listed = 5
	var vols []volume
	var total int64
	var cur *volume
	var lo, hi int64
	seen := map[string]bool{}
	closeVol := func() {
		if cur != nil {
			cur.From, cur.To = fmtTime(lo, loc), fmtTime(hi, loc)
		}
	}
	err := s.each(ctx, sel, func(msgs []store.Message) error {
		for _, m := range msgs {
			if cur == nil || cur.Rows >= per {
				closeVol()
				vols = append(vols, volume{})
				cur, lo, hi = &vols[len(vols)-1], m.MsgTime, m.MsgTime
				clear(seen)
			}
			cur.Rows++
			total++
			lo, hi = min(lo, m.MsgTime), max(hi, m.MsgTime)
			if !seen[m.ConversationID] {
				seen[m.ConversationID] = true
				cur.NConv++
				if len(cur.Convs) < listed {
					cur.Convs = append(cur.Convs, m.ConversationID)
				}
			}
		}
		return nil
	})
	closeVol()
	return vols, total, err
}

func fmtTime(ms int64, loc *time.Location) string {
	return time.UnixMilli(ms).In(loc).Format("2006-01-02 15:04:05")
}
