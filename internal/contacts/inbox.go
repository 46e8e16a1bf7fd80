package contacts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom/callback"
)

// RunInbox applies stored callbacks until ctx ends: claim a batch, apply
// each, retry failures with exponential backoff, park an item as dead after
// the last attempt (it stays in the table for inspection and replay).
func (s *Service) RunInbox(ctx context.Context) error {
	for {
		n, err := s.ProcessInbox(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "inbox batch failed", "err", err)
		}
		if n > 0 {
			continue
		}
		if !sleepCtx(ctx, s.opt.InboxPoll, s.wake) {
			return nil
		}
	}
}

// ProcessInbox applies one batch and reports how many items it handled.
func (s *Service) ProcessInbox(ctx context.Context) (int, error) {
	items, err := s.st.ClaimInbox(ctx, s.opt.InboxBatch, s.opt.InboxLease)
	if err != nil {
		return 0, err
	}
	for _, it := range items {
		if err := s.applyItem(ctx, it); err != nil {
			attempt := it.Attempts + 1
			dead := attempt >= s.opt.InboxMaxAttempts
			next := s.now().Add(backoff(s.opt.InboxBackoff, attempt))
			s.log.WarnContext(ctx, "callback apply failed", "corp_id", it.CorpID, "inbox_id", it.ID, "attempt", attempt, "dead", dead, "err", err)
			if ferr := s.st.FailInbox(ctx, it.ID, err.Error(), next, dead); ferr != nil {
				return 0, ferr
			}
			s.obs.InboxApplied(it.CorpID, it.Event, map[bool]string{true: "dead", false: "retry"}[dead])
			continue
		}
		if err := s.st.CompleteInbox(ctx, it.ID); err != nil {
			return 0, err
		}
		s.obs.InboxApplied(it.CorpID, it.Event, "applied")
	}
	return len(items), nil
}

func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < 10*time.Minute; i++ {
		d *= 2
	}
	return min(d, 10*time.Minute)
}

func (s *Service) applyItem(ctx context.Context, it store.InboxItem) error {
	ev, err := callback.Parse([]byte(it.Payload))
	if err != nil {
		return fmt.Errorf("contacts: parse inbox %d: %w", it.ID, err)
	}
	switch e := ev.(type) {
	case *callback.ExternalContactChange:
		return s.applyContactChange(ctx, it, e)
	case *callback.ExternalChatChange:
		return s.applyChatChange(ctx, it.CorpID, e)
	case *callback.MsgAuditNotify:
		s.archive.Trigger(it.CorpID)
	case *callback.ContactChange:
		if s.members != nil && strings.HasSuffix(e.ChangeType, "_user") {
			return s.members.MemberChanged(ctx, it.CorpID, e.ChangeType, e.UserID, e.NewUserID)
		}
	}
	// Department changes and unknown events stay in the inbox for replay.
	return nil
}

func (s *Service) applyContactChange(ctx context.Context, it store.InboxItem, e *callback.ExternalContactChange) error {
	at := e.CreateTime * 1000
	if at == 0 {
		at = it.ReceivedAt
	}
	cause := "event:" + e.ChangeType
	meta := map[string]any{"inbox_id": it.ID}
	switch e.ChangeType {
	case callback.ChangeAddExternalContact:
		if e.State != "" {
			meta["state"] = e.State
		}
		if err := s.transition(ctx, it.CorpID, e.UserID, e.ExternalUserID, StateActive, cause, at, meta); err != nil {
			return err
		}
		if e.WelcomeCode != "" {
			s.sendWelcome(ctx, welcomeJob{corpID: it.CorpID, userID: e.UserID, externalUserID: e.ExternalUserID,
				code: e.WelcomeCode, receivedAt: it.ReceivedAt, inboxID: it.ID})
		} else {
			s.recordNoCode(ctx, it, e.UserID, e.ExternalUserID)
		}
		return s.enrich(ctx, it.CorpID, e.ExternalUserID)
	case callback.ChangeAddHalfExternalContact:
		return s.transition(ctx, it.CorpID, e.UserID, e.ExternalUserID, StateHalfAdded, cause, at, meta)
	case callback.ChangeEditExternalContact:
		return s.enrich(ctx, it.CorpID, e.ExternalUserID)
	case callback.ChangeDelExternalContact:
		to := StateDeletedByEmployee
		if e.Source == callback.SourceDeleteByTransfer {
			to = StateTransferred
		}
		return s.transition(ctx, it.CorpID, e.UserID, e.ExternalUserID, to, cause, at, meta)
	case callback.ChangeDelFollowUser:
		return s.transition(ctx, it.CorpID, e.UserID, e.ExternalUserID, StateDeletedByCustomer, cause, at, meta)
	case callback.ChangeTransferFail:
		return s.applyTransferFail(ctx, it.CorpID, e)
	}
	return nil
}
