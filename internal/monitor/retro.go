package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
)

// RetroJobKind is the durable job that runs the policy in force over a
// corp's history.
const RetroJobKind = "monitor.retro"

// retroBatch is how many messages one transaction classifies.
const retroBatch = 500

// Enqueuer queues durable jobs (jobs.Runner).
type Enqueuer interface {
	Enqueue(ctx context.Context, j jobs.NewJob) (int64, error)
}

// TranscriptReader reads a message's transcripts (the store).
type TranscriptReader interface {
	MessageTranscriptText(ctx context.Context, corpID, msgid string) (string, error)
}

// SetJobs lets the service start retroactive runs.
func (s *Service) SetJobs(q Enqueuer) { s.jobs = q }

// Register adds the retroactive run's handler to the runner.
func (s *Service) Register(r interface {
	Register(kind string, h jobs.Handler, p jobs.Policy)
}) {
	r.Register(RetroJobKind, s.retroJob, jobs.Policy{MaxAttempts: 5, Timeout: 6 * time.Hour, Concurrency: 1})
}

// Run is a started retroactive run.
type Run struct {
	JobID  int64  `json:"job_id"`
	Corp   string `json:"corp"`
	CorpID string `json:"corp_id"`
}

// StartRun queues a retroactive run over the corp's history (audited).
// Its progress is the job's (GET /api/v1/jobs/{id} and its event stream).
func (s *Service) StartRun(ctx context.Context, corpRef string) (Run, error) {
	c, err := s.corpRef(ctx, corpRef)
	if err != nil {
		return Run{}, err
	}
	if err := allowCorp(ctx, auth.SettingsWrite, c.CorpID); err != nil {
		return Run{}, err
	}
	if s.jobs == nil {
		return Run{}, fmt.Errorf("monitor: retroactive runs: no job runner")
	}
	var run Run
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		id, err := s.jobs.Enqueue(ctx, jobs.NewJob{Kind: RetroJobKind, CorpID: c.CorpID,
			Payload: map[string]any{"corp_id": c.CorpID, "by": actor(ctx)}})
		if err != nil {
			return err
		}
		run = Run{JobID: id, Corp: c.Key, CorpID: c.CorpID}
		return s.audit.Record(ctx, audit.Event{Action: audit.MonitoringRun, Target: fmt.Sprintf("job:%d", id), CorpID: c.CorpID})
	})
	return run, err
}

func (s *Service) retroJob(ctx context.Context, j jobs.Job, p *jobs.Progress) error {
	var pl struct {
		CorpID string `json:"corp_id"`
	}
	if err := j.Decode(&pl); err != nil {
		return err
	}
	res, err := s.Retro(ctx, pl.CorpID, func(done, total, created int64) {
		p.Update(done, total, fmt.Sprintf("%d new alerts", created))
	})
	if err != nil {
		return err
	}
	b, _ := json.Marshal(res)
	p.SetResult(string(b))
	return nil
}

// RetroResult is what a retroactive run did.
type RetroResult struct {
	Messages int64 `json:"messages"`
	Created  int64 `json:"created"`
}

// retroConversations bounds the run's context cache (conversations).
const retroConversations = 16384

// Retro classifies every message of a corp, oldest first, with the same
// context ingest gives, and stores the alerts not already there. Re-running
// it never duplicates an alert or touches one under review.
func (s *Service) Retro(ctx context.Context, corpID string, progress func(done, total, created int64)) (RetroResult, error) {
	all := store.DeptScope{All: true}
	total, err := s.st.CountMessages(ctx, store.MessageFilter{CorpID: corpID, Scope: all})
	if err != nil {
		return RetroResult{}, err
	}
	s.forget(corpID) // the run uses the version in force now
	recent := newRecentCache(retroConversations, s.o.ContextMessages)
	// Messages come oldest first, so a conversation this run has not met
	// has no earlier message: its context is empty without asking the
	// store. Only a conversation dropped from the cache is read back (a
	// round-robin over more conversations than the cache holds read the
	// store for every message: 74 msgs/s over 5,000 conversations).
	seen := map[string]struct{}{}
	var res RetroResult
	var after int64
	for {
		batch, err := s.st.ListMessages(ctx, store.MessageFilter{CorpID: corpID, Scope: all}, after, true, retroBatch)
		if err != nil {
			return res, err
		}
		if len(batch) == 0 {
			return res, nil
		}
		err = s.st.WithTx(ctx, func(ctx context.Context) error {
			for _, m := range batch {
				created, err := s.retroOne(ctx, recent, seen, m)
				if err != nil {
					return err
				}
				if created {
					res.Created++
				}
			}
			return nil
		})
		if err != nil {
			return res, fmt.Errorf("monitor: retro %s after id %d: %w", corpID, after, err)
		}
		res.Messages += int64(len(batch))
		after = batch[len(batch)-1].ID
		if progress != nil {
			progress(res.Messages, total, res.Created)
		}
	}
}

// retroOne classifies one historical message as ingest and the transcript
// hook would have: its text (with transcripts), and the conversation's
// previous messages as context.
func (s *Service) retroOne(ctx context.Context, recent *recentCache, seen map[string]struct{}, m store.Message) (bool, error) {
	if skipped(m) {
		return false, nil
	}
	key := m.ConversationID
	prior, ok := recent.get(key)
	_, met := seen[key]
	if !ok && key != "" && met {
		var err error
		if prior, err = s.earlier(ctx, m); err != nil {
			return false, err
		}
	}
	text := classifiedText(m)
	if tr, ok := s.st.(TranscriptReader); ok && m.HasMedia > 0 && transcribed(m.MsgType) {
		t, err := tr.MessageTranscriptText(ctx, m.CorpID, m.MsgID)
		if err != nil {
			return false, err
		}
		if t != "" {
			text = strings.TrimSpace(text + "\n" + t)
		}
	}
	created, err := s.classifyInto(ctx, m, text, prior)
	if key != "" {
		recent.add(key, prior, classifiedText(m))
		seen[key] = struct{}{}
	}
	return created, err
}

// transcribed: msgtypes whose media the pipeline transcribes.
func transcribed(msgtype string) bool {
	return msgtype == "voice" || msgtype == "meeting_voice_call" || msgtype == "voiptext"
}

// skipped: records that carry no text of their own to classify.
func skipped(m store.Message) bool {
	return m.Action == "recall" || m.MsgType == "revoke" || m.MsgType == "agree" || m.MsgType == "disagree"
}
