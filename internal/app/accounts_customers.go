package app

import (
	"context"
	"strings"

	"wecomadmin/internal/contacts"
	"wecomadmin/internal/store"
)

// customerCounter tells the HR sync how many customers a leaver still has
// (relations the customer still sees: active or deleted by the customer
// only), so a leaver is deleted only after the handover.
type customerCounter struct{ st *store.Store }

func (c customerCounter) CustomerCount(ctx context.Context, corpID, userid string) (int, error) {
	rs, err := c.st.ListFollowRelations(ctx, store.RelationFilter{CorpID: corpID, UserID: userid,
		States: []string{"active", "deleted_by_customer", "half_added"}})
	return len(rs), err
}

// OwnedGroupCount counts the live customer groups the member owns, which a
// delete must wait for too (their ownership is handed over first).
func (c customerCounter) OwnedGroupCount(ctx context.Context, corpID, userid string) (int, error) {
	n, after := 0, ""
	for {
		gs, err := c.st.ListGroupChats(ctx, corpID, userid, after, 1000)
		if err != nil {
			return 0, err
		}
		for _, g := range gs {
			if g.DismissedAt == 0 {
				n++
			}
		}
		if len(gs) < 1000 {
			return n, nil
		}
		after = gs[len(gs)-1].ChatID
	}
}

// InTransferCount counts the customers and groups of the member's open
// transfers still under way in WeCom (submitted or waiting for the
// customer), so a sync does not start the same 在职继承 again (40129).
func (c customerCounter) InTransferCount(ctx context.Context, corpID, userid string) (int, error) {
	ts, err := c.st.ListTransfers(ctx, corpID, true, 500)
	n := 0
	for _, t := range ts {
		if strings.EqualFold(t.HandoverUserID, userid) {
			n += t.Counts[contacts.ItemPending] + t.Counts[contacts.ItemWaiting] + t.Counts[contacts.ItemInTransfer]
		}
	}
	return n, err
}

// sealSecret is nil unless security.secrets_key is set: corp secrets
// entered in the UI are stored only encrypted.
func (a *App) sealSecretFunc() (func(plaintext, context string) (string, error), error) {
	box, err := secretBox(a.Cfg.Security.SecretsKey)
	if box == nil || err != nil {
		return nil, err
	}
	return box.Seal, nil
}
