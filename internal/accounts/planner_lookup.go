package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"wecomadmin/internal/wecom"
)

// mobileLookupBudget is the share of the corp's size that mobile lookups may
// fail (find nobody): WeCom blocks user/getuserid for a day once failures
// exceed 20 % of the corp's size, so we stop well before.
const mobileLookupBudget = 0.15

// minLookupBudget lets a small corp still take a handful of new people a sync.
const minLookupBudget = 10

// errLookupBudget holds an employee back when the budget is spent; the next
// sync, with this one's accounts created, continues.
var errLookupBudget = errors.New("mobile lookups paused: WeCom blocks user/getuserid for a day after failures above 20% of the corp's size; the next sync continues")

// lookups shares the corp-wide lookup state between workers.
type lookups struct {
	p       *Planner
	rule    UserIDRule
	calls   *atomic.Int64
	empty   bool         // the corp has no members: nobody can hold a mobile or email
	budget  int64        // mobile lookups allowed to find nobody
	misses  atomic.Int64 // mobile lookups that found nobody
	corpLen int
	// known: employee id -> the userid our copy holds, so an employee
	// whose mobile change made a successor account is looked up by it.
	known map[string]string
}

// lookAll runs the WeCom lookups with bounded concurrency.
func (p *Planner) lookAll(ctx context.Context, in PlanInput, calls *atomic.Int64) ([]lookup, error) {
	calls.Add(1)
	ids, err := userIDs(ctx, p.WeCom)
	if err != nil {
		return nil, fmt.Errorf("user/list_id: %w", err)
	}
	lk := &lookups{p: p, rule: in.Settings.UserID, calls: calls, empty: len(ids) == 0, corpLen: len(ids),
		budget: max(minLookupBudget, int64(float64(len(ids))*mobileLookupBudget)), known: map[string]string{}}
	for _, k := range in.Known {
		lk.known[k.EmployeeID] = k.UserID
	}
	looks := make([]lookup, len(in.Records))
	n := p.Lookups
	if n <= 0 {
		n = 4
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for i := range work {
				looks[i] = lk.one(ctx, &in.Records[i])
			}
		})
	}
	for i := range in.Records {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	// Records never dispatched have no lookup at all; planning them as
	// absent from WeCom would propose creating accounts that may exist.
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("lookups: %w", err)
	}
	return looks, nil
}

func (lk *lookups) get(ctx context.Context, uid string) (*wecom.User, error) {
	lk.calls.Add(1)
	u, err := lk.p.WeCom.GetUser(ctx, uid)
	if isNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("user/get %s: %w", uid, err)
	}
	return u, nil
}

// one looks an employee up: user/get of the employee's own userid (for
// its state, name, position and departments) and the two lookups the seed's
// rules are worded in, getuserid(HR mobile) and get_userid_by_email(HR
// email). Nothing here reads a member's mobile or email: WeCom no longer
// returns them to apps created after 2022-06-20.
func (lk *lookups) one(ctx context.Context, r *HRRecord) lookup {
	var l lookup
	var err error
	if l.uid, err = lk.rule.Derive(r.Email); err != nil {
		l.err = err
		return l
	}
	if lk.empty {
		return l
	}
	derived := l.uid
	gen := GenerationOf(derived, lk.known[r.EmployeeID])
	if gen > 1 {
		l.uid = strings.ToLower(lk.known[r.EmployeeID]) // a successor account (seed rule b)
	}
	if l.user, l.err = lk.get(ctx, l.uid); l.err != nil || r.Status == HRLeaver {
		return l // the seed's rules concern people joining or staying
	}
	if gen > 1 {
		// The account it succeeds, while WeCom still has it: its customers
		// and groups are handed over, then it is deleted.
		prev, _ := Generation(derived, gen-1)
		if l.pred, l.err = lk.get(ctx, prev); l.err != nil {
			return l
		}
	}
	if lk.misses.Load() >= lk.budget {
		l.err = errLookupBudget
		return l
	}
	lk.calls.Add(1)
	l.mobileOwner, err = lk.p.WeCom.GetUserIDByMobile(ctx, r.Mobile)
	switch {
	case isNotFound(err):
		lk.misses.Add(1)
	case err != nil:
		l.err = fmt.Errorf("getuserid by mobile: %w", err)
		return l
	}
	lk.calls.Add(1)
	if l.emailOwner, err = userIDByEmail(ctx, lk.p.WeCom, r.Email); err != nil && !isNotFound(err) {
		l.err = fmt.Errorf("get_userid_by_email: %w", err)
	}
	return l
}
