package retention

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
)

// Result is one corp's sweep.
type Result struct {
	CorpID  string `json:"corp_id"`
	Deleted int    `json:"deleted"`
	Held    int    `json:"held"` // past age but kept by a legal hold
	// KeptOpenAlert: past age, no hold, but a monitoring alert on it is not
	// closed (the company keeps the evidence while the case is open).
	KeptOpenAlert int `json:"kept_open_alert"`
	Batches       int `json:"batches"` // certificates written
	Blobs         int `json:"blobs"`   // media files removed
	// PartitionsDropped: months dropped whole (partitioned PostgreSQL:
	// every row due, none held or flagged), their rows counted in Deleted.
	PartitionsDropped int `json:"partitions_dropped,omitempty"`
}

// RunAll sweeps every corp (the daily job): first the past months that are
// wholly due are dropped whole (PostgreSQL, partitioned messages), then
// each corp's remaining rows are deleted in batches, then the month
// partitions the sweeps left empty are dropped.
func (s *Service) RunAll(ctx context.Context) ([]Result, error) {
	corps, err := s.st.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	whole := map[string]*Result{}
	if d, ok := s.st.(monthDropper); ok {
		if err := s.dropDueMonths(ctx, d, whole); err != nil {
			return nil, err
		}
	}
	var out []Result
	for _, c := range corps {
		r, err := s.Run(ctx, c.CorpID)
		if err != nil {
			return out, err
		}
		if w := whole[c.CorpID]; w != nil {
			r.Deleted, r.Batches, r.Blobs = r.Deleted+w.Deleted, r.Batches+w.Batches, r.Blobs+w.Blobs
			r.PartitionsDropped = w.PartitionsDropped
		}
		out = append(out, r)
	}
	if d, ok := s.st.(partitionDropper); ok {
		// A month partition is empty only when every corp's rows in it were
		// due, unheld and without an open alert, and each deleted row is in
		// its batch's certificate; the current month is never a candidate.
		now := s.now().UTC()
		month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
		if _, err := d.DropEmptyMessagePartitions(ctx, month.UnixMilli()); err != nil {
			return out, err
		}
	}
	return out, nil
}

// partitionDropper is the store's month-partition reclaim (a no-op where
// messages is one table).
type partitionDropper interface {
	DropEmptyMessagePartitions(ctx context.Context, before int64) ([]string, error)
}

// verdict is what the sweep decides for one message past its age.
type verdict struct {
	m    store.Message
	rule store.RetentionRule
	hold int64 // the first active hold covering it (0: none)
	// openAlert: no hold, but an alert on it is not closed. Deletable
	// only when hold is 0 and openAlert is false.
	openAlert bool
}

// scan walks a corp's messages past their rule's age, a batch at a time,
// and hands fn each batch's verdicts. Nothing is changed here.
func (s *Service) scan(ctx context.Context, corpID string, fn func([]verdict) error) error {
	rules, err := s.st.RetentionRules(ctx, corpID)
	if err != nil || len(rules) == 0 {
		return err
	}
	holds, err := s.st.LegalHolds(ctx, corpID, "active")
	if err != nil {
		return err
	}
	depts, err := s.st.EmployeeDepartments(ctx, corpID)
	if err != nil {
		return err
	}
	now := s.now()
	minDays := rules[0].Days
	for _, r := range rules {
		minDays = min(minDays, r.Days)
	}
	// Nothing younger than the shortest rule can go; scan only older.
	horizon := now.Add(-time.Duration(minDays) * 24 * time.Hour).UnixMilli()
	for after := int64(0); ; {
		msgs, err := s.st.MessagesBefore(ctx, corpID, horizon, after, s.o.Batch)
		if err != nil || len(msgs) == 0 {
			return err
		}
		after = msgs[len(msgs)-1].ID
		var vs []verdict
		for _, m := range msgs {
			r, ok := ruleFor(rules, m, deptOf(depts, m))
			if !ok || m.MsgTime >= now.Add(-time.Duration(r.Days)*24*time.Hour).UnixMilli() {
				continue
			}
			vs = append(vs, verdict{m: m, rule: r, hold: heldBy(holds, m)})
		}
		if err := s.markOpenAlerts(ctx, corpID, vs); err != nil {
			return err
		}
		if len(vs) > 0 {
			if err := fn(vs); err != nil {
				return err
			}
		}
	}
}

// markOpenAlerts flags the verdicts without a hold whose message has an
// alert that is not closed.
func (s *Service) markOpenAlerts(ctx context.Context, corpID string, vs []verdict) error {
	var msgids []string
	for _, v := range vs {
		if v.hold == 0 {
			msgids = append(msgids, v.m.MsgID)
		}
	}
	open, err := s.st.OpenAlertMsgIDs(ctx, corpID, msgids)
	if err != nil {
		return err
	}
	for i := range vs {
		vs[i].openAlert = vs[i].hold == 0 && open[vs[i].m.MsgID]
	}
	return nil
}

// Run deletes a corp's messages past their rule's age that no active hold
// covers and no open alert flags, a batch per transaction, each with its
// deletion certificate.
func (s *Service) Run(ctx context.Context, corpID string) (Result, error) {
	if err := allow(ctx, corpID); err != nil {
		return Result{CorpID: corpID}, err
	}
	ctx = audit.WithActor(ctx, "system:retention")
	res := Result{CorpID: corpID}
	err := s.scan(ctx, corpID, func(vs []verdict) error {
		var doomed []store.Message
		held, kept := 0, 0
		for _, v := range vs {
			switch {
			case v.hold != 0:
				held++
			case v.openAlert:
				kept++
			default:
				doomed = append(doomed, v.m)
			}
		}
		res.Held += held
		if len(doomed) == 0 {
			res.KeptOpenAlert += kept
			return nil
		}
		deleted, n, err := s.deleteBatch(ctx, corpID, doomed, held, kept)
		if err != nil {
			return err
		}
		res.KeptOpenAlert += kept + len(doomed) - deleted
		res.Deleted += deleted
		if deleted > 0 {
			res.Batches++
		}
		res.Blobs += n
		return nil
	})
	return res, err
}

// deleteBatch deletes doomed in one transaction with its certificate, which
// also counts what the batch kept (held, kept: open alert). An alert raised
// since the scan (retroactive run) is checked again inside the transaction.
// It returns how many messages went and how many media files.
func (s *Service) deleteBatch(ctx context.Context, corpID string, doomed []store.Message, held, kept int) (int, int, error) {
	var orphans []string
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		if s.o.Fence != nil {
			if err := s.o.Fence(ctx); err != nil {
				return fmt.Errorf("retention: %w", err)
			}
		}
		all := make([]string, len(doomed))
		for i, m := range doomed {
			all[i] = m.MsgID
		}
		open, err := s.st.OpenAlertMsgIDs(ctx, corpID, all)
		if err != nil {
			return err
		}
		doomed = slices.DeleteFunc(doomed, func(m store.Message) bool { return open[m.MsgID] })
		if len(doomed) == 0 {
			return nil
		}
		kept += len(open)
		if orphans, err = s.st.DeleteMessages(ctx, corpID, doomed); err != nil {
			return err
		}
		perConv := map[string]int{}
		for _, m := range doomed {
			perConv[m.ConversationID]++
		}
		if err := s.st.ShrinkConversationCounts(ctx, corpID, perConv); err != nil {
			return err
		}
		cert := certificate(doomed)
		cert["media_files"] = len(orphans)
		cert["kept_held"], cert["kept_open_alert"] = held, kept
		return s.audit.Record(ctx, audit.Event{Action: audit.RetentionPurge, Target: "messages", CorpID: corpID,
			Reason: "retention", Metadata: cert})
	})
	if err != nil {
		return 0, 0, fmt.Errorf("retention: delete batch: %w", err)
	}
	// Files go after the rows: a crash here leaves an unreferenced file, never a dangling row.
	for _, k := range orphans {
		if s.blobs == nil {
			break
		}
		if err := s.blobs.Delete(ctx, k); err != nil {
			return len(doomed), 0, fmt.Errorf("retention: delete media file: %w", err)
		}
	}
	return len(doomed), len(orphans), nil
}

// heldBy is the id of the first active hold covering m, or 0.
func heldBy(holds []store.LegalHold, m store.Message) int64 {
	for _, h := range holds {
		if covers(h, m) {
			return h.ID
		}
	}
	return 0
}

// deptOf is the department of the message's employee (sender, else the
// first recipient who is an employee).
func deptOf(depts map[string]string, m store.Message) string {
	if d, ok := depts[m.From]; ok {
		return d
	}
	var to []string
	_ = json.Unmarshal([]byte(m.ToList), &to)
	for _, u := range to {
		if d, ok := depts[u]; ok {
			return d
		}
	}
	return ""
}
