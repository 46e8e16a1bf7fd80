package monitor

import (
	"errors"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// isCallerError reports whether err is the caller's (a bad request, a
// refused action, an alert not found) rather than the system's.
func isCallerError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie) || errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict) ||
		errors.Is(err, auth.ErrForbidden)
}

// callerMessage is a safe message for a caller error.
func callerMessage(err error) string {
	var ie *InputError
	switch {
	case errors.As(err, &ie):
		return ie.Msg
	case errors.Is(err, store.ErrNotFound):
		return "not found"
	case errors.Is(err, ErrSelfApproval):
		return "the person who dispositioned an alert cannot approve it"
	case errors.Is(err, store.ErrConflict):
		return "not allowed in the alert's state"
	default:
		return "forbidden"
	}
}
