package app

import (
	"context"
	"errors"
	"strings"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// accountsWeCom adapts the qyapi client to the accounts feature's port. The
// client picks the secret per call (contacts-sync for member writes and
// list_id, app for TFA, archive for the permit list); errcodes become
// accounts.APIError so the sync rules can branch on them.
type accountsWeCom struct{ c *wecom.Client }

// weComForAccounts finds a corp's client by corp id, configured or added in the UI.
func (a *App) weComForAccounts(ctx context.Context, corpID string) (accounts.WeCom, error) {
	c, err := a.WeCom.ClientFor(ctx, corpID)
	if err != nil {
		return nil, err
	}
	return accountsWeCom{c}, nil
}

func apiErr(err error) error {
	var we *wecom.Error
	if errors.As(err, &we) {
		return &accounts.APIError{Code: we.Code, Msg: err.Error()}
	}
	return err
}

func (w accountsWeCom) GetUser(ctx context.Context, userid string) (accounts.User, error) {
	u, err := w.c.GetUser(ctx, userid)
	if err != nil {
		return accounts.User{}, apiErr(err)
	}
	return accounts.User{UserID: u.UserID, Name: u.Name, Mobile: u.Mobile, Email: u.Email, Position: u.Position,
		Department: u.Department, Status: int(u.Status), Enable: u.Enable, DirectLeader: u.DirectLeader}, nil
}

func userInput(u accounts.UserWrite) wecom.UserInput {
	in := wecom.UserInput{UserID: u.UserID, Department: u.Department, Enable: u.Enable}
	if u.Name != nil {
		in.Name = *u.Name
	}
	if u.Mobile != nil {
		in.Mobile = *u.Mobile
	}
	if u.Email != nil {
		in.Email = *u.Email
	}
	if u.Position != nil {
		in.Position = *u.Position
		if in.Position == "" {
			in.Clear = append(in.Clear, "position") // HR blanked the title: blank it in WeCom too
		}
	}
	return in
}

func (w accountsWeCom) CreateUser(ctx context.Context, u accounts.UserWrite) error {
	return apiErr(w.c.CreateUser(ctx, userInput(u)))
}

func (w accountsWeCom) UpdateUser(ctx context.Context, u accounts.UserWrite) error {
	return apiErr(w.c.UpdateUser(ctx, userInput(u)))
}

func (w accountsWeCom) DeleteUser(ctx context.Context, userid string) error {
	return apiErr(w.c.DeleteUser(ctx, userid))
}

func (w accountsWeCom) UserIDByMobile(ctx context.Context, mobile string) (string, error) {
	id, err := w.c.GetUserIDByMobile(ctx, mobile)
	return id, apiErr(err)
}

func (w accountsWeCom) UserIDByEmail(ctx context.Context, email string) (string, error) {
	id, err := w.c.GetUserIDByEmail(ctx, email, wecom.CorpEmail)
	return id, apiErr(err)
}

func (w accountsWeCom) ListUserIDs(ctx context.Context) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for du, err := range w.c.AllUserIDs(ctx, 10000) {
		if err != nil {
			return nil, apiErr(err)
		}
		if !seen[du.UserID] {
			seen[du.UserID] = true
			out = append(out, du.UserID)
		}
	}
	return out, nil
}

func (w accountsWeCom) Departments(ctx context.Context) ([]accounts.Department, error) {
	ds, err := w.c.ListDepartments(ctx, 0)
	if err != nil {
		return nil, apiErr(err)
	}
	out := make([]accounts.Department, len(ds))
	for i, d := range ds {
		out[i] = accounts.Department{ID: d.ID, Name: d.Name, ParentID: d.ParentID}
	}
	return out, nil
}

func (w accountsWeCom) TFAInfo(ctx context.Context, code string) (string, string, error) {
	info, err := w.c.GetTFAInfo(ctx, code)
	if err != nil {
		return "", "", apiErr(err)
	}
	return info.UserID, info.TFACode, nil
}

func (w accountsWeCom) TFASucc(ctx context.Context, userid, tfaCode string) error {
	return apiErr(w.c.TFASucc(ctx, userid, tfaCode))
}

func (w accountsWeCom) AuthSucc(ctx context.Context, userid string) error {
	return apiErr(w.c.AuthSucc(ctx, userid))
}

func (w accountsWeCom) PermitUsers(ctx context.Context) ([]string, error) {
	ids, err := w.c.GetPermitUserList(ctx, 0)
	return ids, apiErr(err)
}

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
