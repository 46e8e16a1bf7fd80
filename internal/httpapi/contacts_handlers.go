package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/store"
)

// ContactsService is what the contacts, transfers, welcome and callback
// routes call; *contacts.Service satisfies it.
type ContactsService interface {
	VerifyURL(ctx context.Context, corpKey string, q contacts.CallbackQuery) ([]byte, error)
	Receive(ctx context.Context, corpKey string, q contacts.CallbackQuery, body []byte) error
	MaxBody() int64
	Relations(ctx context.Context, f store.RelationFilter) ([]store.FollowRelation, error)
	Contact(ctx context.Context, corpID, extID string) (contacts.ContactView, error)
	Reconcile(ctx context.Context, corpID string) (contacts.ReconcileReport, error)
	Groups(ctx context.Context, corpID, owner, after string, limit int) ([]store.GroupChat, error)
	Group(ctx context.Context, corpID, chatID string) (store.GroupChat, []store.GroupChatMember, error)
	CreateTransfer(ctx context.Context, req contacts.TransferRequest, actor string) (store.Transfer, error)
	HandOverLeaver(ctx context.Context, corpID, leaver string, rule contacts.LeaverRule, actor string) ([]store.Transfer, error)
	Transfers(ctx context.Context, corpID string, limit int) ([]store.Transfer, error)
	Transfer(ctx context.Context, id int64) (contacts.TransferDetail, error)
	SaveTemplate(ctx context.Context, in contacts.TemplateInput, actor string) (int64, error)
	DeleteTemplate(ctx context.Context, corpID string, id int64, actor string) error
	Templates(ctx context.Context, corpID string) ([]store.WelcomeTemplate, error)
	WelcomeReport(ctx context.Context, corpID string, limit int) (contacts.WelcomeStats, error)
}

// contactsCorp is the common start of the contacts handlers that work on
// one corp: ?corp= names a corp the caller may use.
func (s *Server) contactsCorp(r *http.Request) (ContactsService, string, error) {
	corp, err := requireCorp(r)
	if err != nil {
		return nil, "", err
	}
	return s.d.Contacts, corp, nil
}

func actorName(ctx context.Context) string {
	p, _ := auth.FromContext(ctx)
	return p.Name
}

func queryInt(r *http.Request, name string, def int) int {
	if v, err := strconv.Atoi(r.URL.Query().Get(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// requireCorp reads ?corp= and checks that one of the caller's grants
// covers that corp (a grant with no corp covers all).
func requireCorp(r *http.Request) (string, error) {
	c := r.URL.Query().Get("corp")
	if c == "" {
		return "", badRequest("corp", "corp is required")
	}
	return c, corpAllowed(r.Context(), c)
}

// optionalCorp reads an optional ?corp=; no corp (every corp) needs a grant
// that is not limited to one corp.
func optionalCorp(r *http.Request) (string, error) {
	return r.URL.Query().Get("corp"), corpAllowed(r.Context(), r.URL.Query().Get("corp"))
}

// corpAllowed checks that the caller holds the route's own permission
// (put on the context by authorize) in corp, if only in some departments;
// the service then narrows to them. A grant of another permission in the
// corp does not do.
func corpAllowed(ctx context.Context, corp string) error {
	perm, ok := ctx.Value(routePermKey{}).(auth.Permission)
	if !ok {
		return nil // public routes carry no principal
	}
	return auth.RequireReach(ctx, perm, corp)
}

// listContacts: ?corp=&employee=&contact=&state=a,b&tag=&q=&cursor=&limit=
func (s *Server) listContacts(w http.ResponseWriter, r *http.Request) error {
	svc, corp, err := s.contactsCorp(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.RelationFilter{CorpID: corp, UserID: q.Get("employee"), ExternalUserID: q.Get("contact"), Query: q.Get("q"),
		StateTag: q.Get("tag"), Limit: min(queryInt(r, "limit", 100), 1000)}
	if st := q.Get("state"); st != "" {
		f.States = strings.Split(st, ",")
	}
	if p, ok := auth.FromContext(r.Context()); ok {
		sc := auth.ScopeFor(p, auth.ContactsRead, corp)
		f.Scope = &sc
	}
	if c := q.Get("cursor"); c != "" {
		var err error
		if f.AfterID, err = strconv.ParseInt(c, 10, 64); err != nil {
			return badRequest("cursor", "invalid cursor")
		}
	}
	items, err := svc.Relations(r.Context(), f)
	if err != nil {
		return err
	}
	next := ""
	if len(items) == f.Limit {
		next = strconv.FormatInt(items[len(items)-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, pageView[store.FollowRelation]{Items: items, NextCursor: next})
	return nil
}

func (s *Server) getContact(w http.ResponseWriter, r *http.Request) error {
	svc, corp, err := s.contactsCorp(r)
	if err != nil {
		return err
	}
	v, err := svc.Contact(r.Context(), corp, r.PathValue("id"))
	if err == nil {
		v, err = scopeContact(r.Context(), svc, corp, v)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// scopeContact limits a customer's detail to the caller's departments: a
// customer none of whose employees is in scope is not found (404, as if it
// did not exist), and relations and history of out-of-scope employees are
// left out.
func scopeContact(ctx context.Context, svc ContactsService, corp string, v contacts.ContactView) (contacts.ContactView, error) {
	p, ok := auth.FromContext(ctx)
	if !ok {
		return v, nil
	}
	sc := auth.ScopeFor(p, auth.ContactsRead, corp)
	if sc.All {
		return v, nil
	}
	rels, err := svc.Relations(ctx, store.RelationFilter{CorpID: corp, ExternalUserID: v.Contact.ExternalUserID, Scope: &sc, Limit: 1000})
	if err != nil {
		return contacts.ContactView{}, err
	}
	in := map[string]bool{}
	for _, rel := range rels {
		in[rel.UserID] = true
	}
	if len(in) == 0 {
		return contacts.ContactView{}, fmt.Errorf("httpapi: contact out of scope: %w", store.ErrNotFound)
	}
	v.Relations = slices.DeleteFunc(v.Relations, func(rel store.FollowRelation) bool { return !in[rel.UserID] })
	v.History = slices.DeleteFunc(v.History, func(h store.RelationHistory) bool { return !in[h.UserID] })
	return v, nil
}

func (s *Server) reconcileContacts(w http.ResponseWriter, r *http.Request) error {
	svc, corp, err := s.contactsCorp(r)
	if err != nil {
		return err
	}
	rep, err := svc.Reconcile(r.Context(), corp)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) error {
	svc, corp, err := s.contactsCorp(r)
	if err != nil {
		return err
	}
	limit := min(queryInt(r, "limit", 100), 1000)
	gs, err := svc.Groups(r.Context(), corp, r.URL.Query().Get("owner"), r.URL.Query().Get("cursor"), limit)
	if err != nil {
		return err
	}
	next := ""
	if len(gs) == limit {
		next = gs[len(gs)-1].ChatID
	}
	writeJSON(w, http.StatusOK, pageView[store.GroupChat]{Items: gs, NextCursor: next})
	return nil
}

// groupView is one customer group chat with its members.
type groupView struct {
	Group   store.GroupChat         `json:"group"`
	Members []store.GroupChatMember `json:"members"`
}

func (s *Server) getGroup(w http.ResponseWriter, r *http.Request) error {
	svc, corp, err := s.contactsCorp(r)
	if err != nil {
		return err
	}
	g, ms, err := svc.Group(r.Context(), corp, r.PathValue("chat"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, groupView{Group: g, Members: ms})
	return nil
}
