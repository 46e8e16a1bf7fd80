package retention

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
)

// Result is one corp's sweep.
type Result struct {
	CorpID  string `json:"corp_id"`
	Deleted int    `json:"deleted"`
	Held    int    `json:"held"`    // past age but kept by a legal hold
	Batches int    `json:"batches"` // certificates written
	Blobs   int    `json:"blobs"`   // media files removed
}

// RunAll sweeps every corp (the daily job).
func (s *Service) RunAll(ctx context.Context) ([]Result, error) {
	corps, err := s.st.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, c := range corps {
		r, err := s.Run(ctx, c.CorpID)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// verdict is what the sweep decides for one message past its age.
type verdict struct {
	m    store.Message
	rule store.RetentionRule
	hold int64 // the first active hold covering it (0: none, deletable)
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
		if len(vs) > 0 {
			if err := fn(vs); err != nil {
				return err
			}
		}
	}
}

// Run deletes a corp's messages past their rule's age that no active hold
// covers, a batch per transaction, each with its deletion certificate.
func (s *Service) Run(ctx context.Context, corpID string) (Result, error) {
	if err := allow(ctx, corpID); err != nil {
		return Result{CorpID: corpID}, err
	}
	ctx = audit.WithActor(ctx, "system:retention")
	res := Result{CorpID: corpID}
	err := s.scan(ctx, corpID, func(vs []verdict) error {
		var doomed []store.Message
		for _, v := range vs {
			if v.hold != 0 {
				res.Held++
				continue
			}
			doomed = append(doomed, v.m)
		}
		if len(doomed) == 0 {
			return nil
		}
		n, err := s.deleteBatch(ctx, corpID, doomed)
		if err != nil {
			return err
		}
		res.Deleted += len(doomed)
		res.Batches++
		res.Blobs += n
		return nil
	})
	return res, err
}

func (s *Service) deleteBatch(ctx context.Context, corpID string, doomed []store.Message) (int, error) {
	ids := make([]int64, len(doomed))
	msgids := make([]string, len(doomed))
	for i, m := range doomed {
		ids[i], msgids[i] = m.ID, m.MsgID
	}
	var orphans []string
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if orphans, err = s.st.DeleteMessages(ctx, corpID, ids, msgids); err != nil {
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
		return s.audit.Record(ctx, audit.Event{Action: audit.RetentionPurge, Target: "messages", CorpID: corpID,
			Reason: "retention", Metadata: cert})
	})
	if err != nil {
		return 0, fmt.Errorf("retention: delete batch: %w", err)
	}
	// Files go after the rows: a crash here leaves an unreferenced file, never a dangling row.
	for _, k := range orphans {
		if s.blobs == nil {
			break
		}
		if err := s.blobs.Delete(ctx, k); err != nil {
			return 0, fmt.Errorf("retention: delete media file: %w", err)
		}
	}
	return len(orphans), nil
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
