package monitor

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
)

// QCTaskName is the periodic task that draws the QC sample.
const QCTaskName = "monitor.qc"

// kindQCRun records the day a corp was last sampled.
const kindQCRun = "qc_run"

// QCPeriod is the window each QC run samples (the day before the run).
const QCPeriod = 24 * time.Hour

// maxQCPopulation bounds the conversations one QC run reads.
const maxQCPopulation = 100000

// QCStore is what the QC sample needs beyond Store.
type QCStore interface {
	UnflaggedConversations(ctx context.Context, corpID string, from, to int64, limit int) ([]string, error)
}

// SetFence makes each QC sample's transaction check fence (the QC task's
// lease, with several replicas) before it commits.
func (s *Service) SetFence(fence func(ctx context.Context) error) { s.fence = fence }

// SampleQC puts a blind random sample of each corp's unflagged
// conversations of the last period into the queue as qc_sample alerts (on
// the conversation's last message of the period, with no labels and no
// hits), at the corp's qc_rate, so reviewers' and detectors' miss rates can
// be measured. It returns how many samples it added.
func (s *Service) SampleQC(ctx context.Context) (int, error) {
	qs, ok := s.st.(QCStore)
	if !ok {
		return 0, fmt.Errorf("monitor: qc: the store cannot list unflagged conversations")
	}
	corps, err := s.st.ListCorps(ctx)
	if err != nil {
		return 0, err
	}
	to := s.now()
	from := to.Add(-QCPeriod)
	added := 0
	for _, c := range corps {
		n, err := s.sampleCorp(ctx, qs, c.CorpID, from.UnixMilli(), to.UnixMilli())
		if err != nil {
			return added, err
		}
		added += n
	}
	return added, nil
}

func (s *Service) sampleCorp(ctx context.Context, qs QCStore, corpID string, from, to int64) (int, error) {
	set, err := s.Settings(ctx, corpID)
	if err != nil || set.QCRate <= 0 {
		return 0, err
	}
	// One sample per corp and day: "run now" twice does not double the rate.
	day := time.UnixMilli(to).In(cst).Format("2006-01-02")
	if done, err := s.qcSampled(ctx, corpID, day); err != nil || done {
		return 0, err
	}
	pop, err := qs.UnflaggedConversations(ctx, corpID, from, to, maxQCPopulation)
	if err != nil {
		return 0, err
	}
	k := int(math.Ceil(set.QCRate * float64(len(pop))))
	rand.Shuffle(len(pop), func(i, j int) { pop[i], pop[j] = pop[j], pop[i] })
	picked := make([]store.Message, 0, min(k, len(pop)))
	for _, conv := range pop[:min(k, len(pop))] {
		msgs, err := s.st.ListMessages(ctx, store.MessageFilter{CorpID: corpID, ConversationID: conv, From: from, To: to - 1,
			Scope: store.DeptScope{All: true}}, 0, false, 1)
		if err != nil {
			return 0, err
		}
		if len(msgs) > 0 {
			picked = append(picked, msgs[0])
		}
	}
	// The samples and the day's marker commit together, under the fence: a
	// replica that loses the lease, or a crash part way, leaves neither, so
	// the rerun (or the replica that took over) draws the whole set once.
	added := 0
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		added = 0
		if s.fence != nil {
			if err := s.fence(ctx); err != nil {
				return fmt.Errorf("monitor: qc: %w", err)
			}
		}
		// Checked again inside: a run that committed since the check above wins.
		if done, err := s.qcSampled(ctx, corpID, day); err != nil || done {
			return err
		}
		for _, m := range picked {
			created, err := s.raise(ctx, m, employeeOf(m), classifiedText(m), detect.Result{Labels: []string{}, Hits: []detect.Hit{}},
				"qc", true)
			if err != nil {
				return err
			}
			if created {
				added++
			}
		}
		_, err := s.st.SaveMonitorConfig(ctx, store.MonitorConfig{CorpID: corpID, Kind: kindQCRun, Body: day, CreatedBy: "system"})
		return err
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// qcSampled reports whether corpID's QC sample of day is already committed.
func (s *Service) qcSampled(ctx context.Context, corpID, day string) (bool, error) {
	last, err := s.st.MonitorConfigCurrent(ctx, corpID, kindQCRun)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil && last.Body == day, err
}
