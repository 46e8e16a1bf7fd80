package retention

import (
	"context"
	"errors"
	"fmt"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
)

// monthDropper is the store's whole-month drop (partitioned PostgreSQL; a
// store with one messages table lists no partitions, so nothing happens).
type monthDropper interface {
	MessagePartitions(ctx context.Context) ([]store.MessagePartition, error)
	PartitionCorps(ctx context.Context, name string) ([]store.PartitionCorp, error)
	LockPartitionForDrop(ctx context.Context, name string) error
	WalkPartition(ctx context.Context, name, corpID string, fn func(store.Message) error) error
	DropRetainedPartition(ctx context.Context, name string) ([]string, error)
}

// errMonthKept ends a drop transaction whose check, repeated under the
// locks, no longer holds (a hold or an alert arrived meanwhile).
var errMonthKept = errors.New("retention: month no longer wholly due")

// dropDueMonths drops, whole, every past month partition whose rows are all
// due under their corp's rules with no hold and no open alert on any of
// them, each corp's rows certified in the audit trail in the same
// transaction (one certificate per corp and month). A month that does not
// qualify, or whose locks are not free within their timeout, is left to the
// row deletes. It adds what it dropped to res, by corp.
func (s *Service) dropDueMonths(ctx context.Context, d monthDropper, res map[string]*Result) error {
	parts, err := d.MessagePartitions(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	for _, p := range parts {
		ok, err := s.monthDue(ctx, d, p, now)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := s.dropMonth(ctx, d, p, now, res); err != nil && !errors.Is(err, errMonthKept) && !store.IsLockTimeout(err) {
			return err
		}
	}
	return nil
}

// monthDue reports whether every row of p may go: each corp in it has a
// corp-wide rule (every message has a rule) and p ends before the horizon
// of the corp's longest rule, no active hold of the corp overlaps p's
// months, and no alert on one of its rows is open. Conservative: a month
// it refuses may still lose rows to the row deletes.
func (s *Service) monthDue(ctx context.Context, d monthDropper, p store.MessagePartition, now time.Time) (bool, error) {
	if p.To > now.AddDate(0, 0, -s.o.FloorDays).UnixMilli() {
		return false, nil // no rule is shorter than the floor: nothing in p can be wholly due yet
	}
	corps, err := d.PartitionCorps(ctx, p.Name)
	if err != nil || len(corps) == 0 {
		return false, err // an empty month is DropEmptyMessagePartitions' to drop
	}
	for _, c := range corps {
		if c.OpenAlert || !allowed(ctx, c.CorpID) {
			return false, nil // a caller without retention:write on a corp leaves its months to Run, which refuses
		}
		rules, err := s.st.RetentionRules(ctx, c.CorpID)
		if err != nil {
			return false, err
		}
		wide, longest := false, 0
		for _, r := range rules {
			wide = wide || (r.MsgType == "" && r.Department == "")
			longest = max(longest, r.Days)
		}
		if !wide || p.To > now.Add(-time.Duration(longest)*24*time.Hour).UnixMilli() {
			return false, nil
		}
		holds, err := s.st.LegalHolds(ctx, c.CorpID, "active")
		if err != nil {
			return false, err
		}
		for _, h := range holds {
			if (h.FromTime == 0 || h.FromTime < p.To) && (h.ToTime == 0 || h.ToTime >= p.From) {
				return false, nil
			}
		}
	}
	return true, nil
}

// dropMonth drops p in one transaction: fence, locks, the check again
// under them, a certificate per corp, the drop. Media files go after the
// commit, as in deleteBatch.
func (s *Service) dropMonth(ctx context.Context, d monthDropper, p store.MessagePartition, now time.Time, res map[string]*Result) error {
	ctx = audit.WithActor(ctx, "system:retention")
	counts := map[string]int{}
	var orphans []string
	first := ""
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		if s.o.Fence != nil {
			if err := s.o.Fence(ctx); err != nil {
				return fmt.Errorf("retention: %w", err)
			}
		}
		if err := d.LockPartitionForDrop(ctx, p.Name); err != nil {
			return err
		}
		if ok, err := s.monthDue(ctx, d, p, now); err != nil || !ok {
			return errors.Join(err, errMonthKept)
		}
		corps, err := d.PartitionCorps(ctx, p.Name)
		if err != nil {
			return err
		}
		certs := map[string]map[string]any{}
		if len(corps) > 0 {
			first = corps[0].CorpID
		}
		for _, c := range corps {
			var cert certifier
			if err := d.WalkPartition(ctx, p.Name, c.CorpID, func(m store.Message) error { cert.add(m); return nil }); err != nil {
				return err
			}
			certs[c.CorpID], counts[c.CorpID] = cert.metadata(), cert.n
		}
		if orphans, err = d.DropRetainedPartition(ctx, p.Name); err != nil {
			return err
		}
		for _, c := range corps {
			cert := certs[c.CorpID]
			cert["partition"], cert["partition_media_files"] = p.Name, len(orphans)
			cert["kept_held"], cert["kept_open_alert"] = 0, 0
			if err := s.audit.Record(ctx, audit.Event{Action: audit.RetentionPurge, Target: "messages", CorpID: c.CorpID,
				Reason: "retention", Metadata: cert}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("retention: drop month %s: %w", p.Name, err)
	}
	for corp, n := range counts {
		r := res[corp]
		if r == nil {
			r = &Result{CorpID: corp}
			res[corp] = r
		}
		r.Deleted += n
		r.Batches++
		r.PartitionsDropped++
	}
	for _, k := range orphans {
		if s.blobs == nil {
			break
		}
		if err := s.blobs.Delete(ctx, k); err != nil {
			return fmt.Errorf("retention: delete media file: %w", err)
		}
	}
	if first != "" {
		res[first].Blobs += len(orphans) // the files are the month's: counted once, on its first corp
	}
	return nil
}

// allowed is allow as a yes or no.
func allowed(ctx context.Context, corpID string) bool { return allow(ctx, corpID) == nil }
