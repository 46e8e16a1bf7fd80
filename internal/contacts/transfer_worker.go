package contacts

import (
	"context"
	"fmt"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// RunTransfers submits and polls open transfers until ctx ends.
func (s *Service) RunTransfers(ctx context.Context) error {
	for {
		if err := s.StepTransfers(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "transfer step failed", "err", err)
		}
		if !sleepCtx(ctx, s.opt.TransferPoll, s.kick) {
			return nil
		}
	}
}

// StepTransfers advances every open transfer once: submit pending items,
// resubmit retryable ones whose delay passed, poll waiting ones, close
// transfers with nothing left in flight.
func (s *Service) StepTransfers(ctx context.Context) error {
	s.stepMu.Lock()
	defer s.stepMu.Unlock()
	open, err := s.st.ListTransfers(ctx, "", true, 500)
	if err != nil {
		return err
	}
	for _, t := range open {
		if err := s.stepTransfer(ctx, t); err != nil {
			s.log.WarnContext(ctx, "transfer step", "corp_id", t.CorpID, "transfer_id", t.ID, "err", err)
		}
	}
	return nil
}

func (s *Service) stepTransfer(ctx context.Context, t store.Transfer) error {
	items, err := s.st.TransferItems(ctx, t.ID)
	if err != nil {
		return err
	}
	now := s.nowMS()
	var custs, groups []store.TransferItem
	waiting := false
	for _, it := range items {
		due := it.Status == ItemPending || (it.Status == ItemInTransfer && now-it.UpdatedAt >= s.opt.TransferRetry.Milliseconds())
		if due && it.Attempts >= s.opt.TransferMaxTries {
			it.Status = ItemFailed
			if err := s.st.UpdateTransferItem(ctx, it); err != nil {
				return err
			}
			continue
		}
		switch {
		case due && it.ItemKind == "customer":
			custs = append(custs, it)
		case due:
			groups = append(groups, it)
		case it.Status == ItemWaiting:
			waiting = true
		}
	}
	for i := 0; i < len(custs); i += BatchLimit {
		if err := s.submitCustomers(ctx, t, custs[i:min(i+BatchLimit, len(custs))]); err != nil {
			return err
		}
	}
	for i := 0; i < len(groups); i += BatchLimit {
		if err := s.submitGroups(ctx, t, groups[i:min(i+BatchLimit, len(groups))]); err != nil {
			return err
		}
	}
	if waiting || len(custs) > 0 {
		if err := s.pollResults(ctx, t); err != nil {
			return err
		}
	}
	return s.maybeFinish(ctx, t.ID)
}

// retryable errcodes leave an item pending for the next step.
func retryable(code int) bool {
	return code == 0 || code == wecom.CodeSystemBusy || code == wecom.CodeFrequencyLimit || code == wecom.CodeConcurrencyLimit
}

func (s *Service) submitCustomers(ctx context.Context, t store.Transfer, batch []store.TransferItem) error {
	api, err := s.client(ctx, t.CorpID)
	if err != nil {
		return err
	}
	req := wecom.Transfer{HandoverUserID: t.HandoverUserID, TakeoverUserID: t.TakeoverUserID, TransferSuccessMsg: t.Message}
	for _, it := range batch {
		req.ExternalUserID = append(req.ExternalUserID, it.TargetID)
	}
	call := api.TransferCustomer
	if t.Kind == TransferResigned {
		req.TransferSuccessMsg = ""
		call = api.ResignedTransferCustomer
	}
	started, err := call(ctx, req)
	if err != nil {
		code := wecom.Code(err)
		s.noteRealName(ctx, t.CorpID, t.TakeoverUserID, code)
		for _, it := range batch {
			it.Attempts++
			it.ErrCode, it.LastError = code, err.Error()
			if !retryable(code) {
				it.Status = ItemFailed
			}
			if uerr := s.st.UpdateTransferItem(ctx, it); uerr != nil {
				return uerr
			}
		}
		return fmt.Errorf("contacts: transfer %d submit: %w", t.ID, err)
	}
	codes := map[string]int{}
	for _, c := range started {
		codes[c.ExternalUserID] = c.ErrCode
	}
	for _, it := range batch {
		it.Attempts++
		code, ok := codes[it.TargetID]
		it.ErrCode, it.LastError = code, ""
		switch {
		case !ok:
			it.Status, it.LastError = ItemFailed, "no answer for this customer"
		case code == 0:
			it.Status = ItemWaiting
		case code == wecom.CodeInTransfer || code == wecom.CodeTransferInProgress:
			it.Status = ItemInTransfer
		case code == wecom.CodeQuotaFull:
			it.Status = ItemOverLimit
		case retryable(code):
			it.Status = ItemPending
		default:
			it.Status = ItemFailed
		}
		if err := s.st.UpdateTransferItem(ctx, it); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) submitGroups(ctx context.Context, t store.Transfer, batch []store.TransferItem) error {
	api, err := s.client(ctx, t.CorpID)
	if err != nil {
		return err
	}
	var chats []string
	for _, it := range batch {
		chats = append(chats, it.TargetID)
	}
	call := api.OnJobTransferGroupChats
	if t.Kind == TransferResigned {
		call = api.TransferGroupChats
	}
	refused, err := call(ctx, chats, t.TakeoverUserID)
	failed := map[string]wecom.FailedChat{}
	for _, f := range refused {
		failed[f.ChatID] = f
	}
	for _, it := range batch {
		it.Attempts++
		it.ErrCode, it.LastError, it.Status = 0, "", ItemAccepted
		if err != nil {
			it.ErrCode, it.LastError = wecom.Code(err), err.Error()
			s.noteRealName(ctx, t.CorpID, t.TakeoverUserID, it.ErrCode)
			it.Status = ItemFailed
			if retryable(it.ErrCode) {
				it.Status = ItemPending
			}
		} else if f, ok := failed[it.TargetID]; ok {
			it.ErrCode, it.LastError, it.Status = f.ErrCode, f.ErrMsg, ItemFailed
			s.noteRealName(ctx, t.CorpID, t.TakeoverUserID, f.ErrCode)
			if f.ErrCode == wecom.CodeGroupInheriting {
				it.Status = ItemInTransfer
			}
		}
		if uerr := s.st.UpdateTransferItem(ctx, it); uerr != nil {
			return uerr
		}
	}
	if err != nil {
		return fmt.Errorf("contacts: transfer %d groups: %w", t.ID, err)
	}
	return nil
}

var resultStatus = map[int]string{1: ItemAccepted, 2: ItemWaiting, 3: ItemRefused, 4: ItemOverLimit, 5: ItemNoRecord}

func (s *Service) pollResults(ctx context.Context, t store.Transfer) error {
	api, err := s.client(ctx, t.CorpID)
	if err != nil {
		return err
	}
	call := api.TransferResult
	if t.Kind == TransferResigned {
		call = api.ResignedTransferResult
	}
	results := map[string]wecom.TransferStatus{}
	cursor, walk := "", cursorWalk{}
	for {
		r, err := call(ctx, t.HandoverUserID, t.TakeoverUserID, cursor)
		if err != nil {
			return fmt.Errorf("contacts: transfer %d result: %w", t.ID, err)
		}
		for _, c := range r.Customer {
			results[c.ExternalUserID] = c
		}
		if r.NextCursor == "" {
			break
		}
		if err := walk.advance("transfer_result", r.NextCursor); err != nil {
			return err
		}
		cursor = r.NextCursor
	}
	items, err := s.st.TransferItems(ctx, t.ID)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Status != ItemWaiting || it.ItemKind != "customer" {
			continue
		}
		r, ok := results[it.TargetID]
		if !ok {
			continue
		}
		st := resultStatus[r.Status]
		if st == "" || (st == it.Status && r.TakeoverTime*1000 == it.TakeoverTime) {
			continue
		}
		it.Status, it.TakeoverTime = st, r.TakeoverTime*1000
		if err := s.st.UpdateTransferItem(ctx, it); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) maybeFinish(ctx context.Context, id int64) error {
	t, err := s.st.GetTransfer(ctx, id)
	if err != nil {
		return err
	}
	if t.Counts[ItemPending]+t.Counts[ItemWaiting]+t.Counts[ItemInTransfer] > 0 {
		return nil
	}
	if err := s.st.SetTransferState(ctx, id, "done"); err != nil {
		return err
	}
	s.record(ctx, audit.Event{Action: audit.TransferFinish, CorpID: t.CorpID, Target: fmt.Sprint(id), Outcome: audit.Success,
		Metadata: map[string]any{"counts": t.Counts}})
	return nil
}

// wakeTransfers makes the transfer worker step now instead of at its next poll.
func (s *Service) wakeTransfers() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}
