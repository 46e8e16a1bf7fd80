package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/store"
)

// transferRetrier and relationTagger are the contacts features these
// handlers need beyond ContactsService (kept apart so fakes of it still fit).
type transferRetrier interface {
	RetryFailedCustomers(ctx context.Context, id int64, actor string) (contacts.RetryResult, error)
}

type relationTagger interface {
	RelationTags(ctx context.Context, corpID string, scope *store.DeptScope) ([]store.RelationTag, error)
}

// retryTransfer (POST /api/v1/transfers/{id}/retry) resubmits only the
// customers of a transfer whose handover failed; customers waiting or
// accepted stay as they are. Answers the transfer with its items.
func (s *Server) retryTransfer(w http.ResponseWriter, r *http.Request) error {
	svc := s.d.Contacts
	rt, ok := svc.(transferRetrier)
	if !ok {
		return errUnavailable
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return badRequest("id", "invalid transfer id")
	}
	t, err := svc.Transfer(r.Context(), id)
	if err == nil {
		err = corpAllowed(r.Context(), t.CorpID)
	}
	if err != nil {
		return err
	}
	res, err := rt.RetryFailedCustomers(r.Context(), id, actorName(r.Context()))
	return answer(w, http.StatusOK, res, err)
}

// contactTags (GET /api/v1/contacts/tags?corp=) lists the channel tags in
// use with their counts, within the caller's departments.
func (s *Server) contactTags(w http.ResponseWriter, r *http.Request) error {
	svc, corp, err := s.contactsCorp(r)
	if err != nil {
		return err
	}
	tg, ok := svc.(relationTagger)
	if !ok {
		return errUnavailable
	}
	var scope *store.DeptScope
	if p, ok := auth.FromContext(r.Context()); ok {
		sc := auth.ScopeFor(p, auth.ContactsRead, corp)
		scope = &sc
	}
	tags, err := tg.RelationTags(r.Context(), corp, scope)
	return answer(w, http.StatusOK, itemsOf(tags), err)
}
