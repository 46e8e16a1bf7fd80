package contacts

import (
	"context"
	"fmt"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// RetryResult says which customers of a transfer were put back in line.
type RetryResult struct {
	TransferDetail
	Resubmitted []string `json:"resubmitted"` // external_userids queued again
	Skipped     []string `json:"skipped"`     // failed, but WeCom would refuse them again (40128)
}

// retryableFailure reports whether a customer item ended in a failure worth
// submitting again. Waiting and accepted customers are never resubmitted
// (WeCom would answer 40100 "already in a transfer", or move a customer
// twice); a refusal is the customer's decision and stays; and a customer
// refused with 40128 has used its two transfers in 90 days.
func retryableFailure(it store.TransferItem) bool {
	if it.ItemKind != "customer" || it.ErrCode == wecom.CodeTransferTooOften {
		return false
	}
	return it.Status == ItemFailed || it.Status == ItemOverLimit || it.Status == ItemNoRecord
}

// RetryFailedCustomers puts the failed customers of a transfer back to
// pending, so the transfer worker submits only them again (in the same
// transfer, to the same successor). The change and its audit entry commit
// together; the transfer reopens if it had finished.
func (s *Service) RetryFailedCustomers(ctx context.Context, id int64, actor string) (RetryResult, error) {
	var out RetryResult
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		t, err := s.st.GetTransfer(ctx, id)
		if err != nil {
			return err
		}
		items, err := s.st.TransferItems(ctx, id)
		if err != nil {
			return err
		}
		out.Resubmitted, out.Skipped = []string{}, []string{}
		for _, it := range items {
			if it.ItemKind != "customer" || (it.Status != ItemFailed && it.Status != ItemOverLimit && it.Status != ItemNoRecord) {
				continue
			}
			if !retryableFailure(it) {
				out.Skipped = append(out.Skipped, it.TargetID)
				continue
			}
			// Attempts restart: the worker gives up on an item after TransferMaxTries.
			it.Status, it.ErrCode, it.LastError, it.Attempts = ItemPending, 0, "", 0
			if err := s.st.UpdateTransferItem(ctx, it); err != nil {
				return err
			}
			out.Resubmitted = append(out.Resubmitted, it.TargetID)
		}
		if len(out.Resubmitted) == 0 {
			return fmt.Errorf("%w: transfer %d has no failed customer to retry", ErrInvalid, id)
		}
		if t.State != "running" {
			if err := s.st.SetTransferState(ctx, id, "running"); err != nil {
				return err
			}
		}
		return s.audit.Record(audit.WithActor(ctx, actor), audit.Event{Action: audit.TransferRetry, CorpID: t.CorpID, Target: fmt.Sprint(id),
			Outcome: "success", Metadata: map[string]any{"customers": out.Resubmitted, "skipped": out.Skipped,
				"handover_userid": t.HandoverUserID, "takeover_userid": t.TakeoverUserID}})
	})
	if err != nil {
		return RetryResult{}, err
	}
	s.wakeTransfers()
	out.TransferDetail, err = s.Transfer(ctx, id)
	return out, err
}

// RelationTags lists the channel tags in use, for the contacts filter.
func (s *Service) RelationTags(ctx context.Context, corpID string, scope *store.DeptScope) ([]store.RelationTag, error) {
	return s.st.RelationTags(ctx, corpID, scope, 500)
}
