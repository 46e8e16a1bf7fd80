package httpapi

import (
	"fmt"
	"net/http"
	"testing"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/export"
	"wecomadmin/internal/lake"
	"wecomadmin/internal/monitor"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/search"
)

// TestValidationIsOneKind: the handlers' own input errors and every domain
// package's validation error classify through the one inputError, with the
// status, code and message the envelope has always carried.
func TestValidationIsOneKind(t *testing.T) {
	fe := &accounts.FieldError{Field: "corp_id", Code: accounts.FieldBadCorpID, Reason: "corp_id must be 1-64 letters and digits"}
	for _, c := range []struct {
		name    string
		err     error
		status  int
		code    string
		message string
		details any
	}{
		{"malformed", badRequest("id", "id must be a positive integer"), http.StatusBadRequest, "bad_request", "id must be a positive integer", nil},
		{"refused", invalid("limit", "limit must be 1-500", map[string]string{"field": "limit"}), http.StatusUnprocessableEntity, "validation_failed", "limit must be 1-500", map[string]string{"field": "limit"}},
		{"wrapped", fmt.Errorf("handler: %w", badRequest("", "invalid JSON body: trailing data")), http.StatusBadRequest, "bad_request", "invalid JSON body: trailing data", nil},
		{"accounts field", fmt.Errorf("save: %w", fe), http.StatusUnprocessableEntity, "validation_failed", "corp_id: corp_id must be 1-64 letters and digits", fe},
		{"accounts", fmt.Errorf("%w: sync interval too short", accounts.ErrInvalid), http.StatusUnprocessableEntity, "validation_failed", "sync interval too short", nil},
		{"contacts", fmt.Errorf("%w: template text is empty", contacts.ErrInvalid), http.StatusUnprocessableEntity, "validation_failed", "template text is empty", nil},
		{"lake", fmt.Errorf("lake: corp is required: %w", lake.ErrInput), http.StatusUnprocessableEntity, "validation_failed", "lake: corp is required: lake: invalid input", nil},
		{"auth", &auth.InputError{Msg: "username is required"}, http.StatusUnprocessableEntity, "validation_failed", "username is required", nil},
		{"export", &export.InputError{Msg: "from is after to"}, http.StatusUnprocessableEntity, "validation_failed", "from is after to", nil},
		{"monitor", &monitor.InputError{Msg: "unknown label"}, http.StatusUnprocessableEntity, "validation_failed", "unknown label", nil},
		{"retention", &retention.InputError{Msg: "days below the floor"}, http.StatusUnprocessableEntity, "validation_failed", "days below the floor", nil},
		{"search", &search.InputError{Msg: "q is too long"}, http.StatusUnprocessableEntity, "validation_failed", "q is too long", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if validation(c.err) == nil {
				t.Fatalf("%v is not read as a validation error", c.err)
			}
			m := classify(c.err)
			if m.status != c.status || m.code != c.code || m.message != c.message {
				t.Errorf("classify = %d %s %q, want %d %s %q", m.status, m.code, m.message, c.status, c.code, c.message)
			}
			if got := detailsOf(c.err); fmt.Sprint(got) != fmt.Sprint(c.details) {
				t.Errorf("details = %v, want %v", got, c.details)
			}
		})
	}
	if validation(auth.ErrForbidden) != nil || validation(&safeError{http.StatusConflict, "conflict", "x"}) != nil {
		t.Error("a non-validation error is read as one")
	}
}
