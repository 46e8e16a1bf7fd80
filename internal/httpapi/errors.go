package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"wecomadmin/internal/accounts"

	"wecomadmin/internal/approval"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/export"
	"wecomadmin/internal/lake"
	"wecomadmin/internal/media"
	"wecomadmin/internal/monitor"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/search"
	"wecomadmin/internal/store"
)

// The one mapping from errors to HTTP status and stable codes. The UI
// translates the codes; messages are safe to show.
type mapped struct {
	status  int
	code    string
	message string
}

// safeError is an error whose message may be shown to the caller.
type safeError struct {
	status int
	code   string
	msg    string
}

func (e *safeError) Error() string { return e.msg }

// detailedError carries structured details (a lock's retry time, a refused
// HR file's report) to the client.
type detailedError struct {
	safeError
	details any
}

func (e *detailedError) Unwrap() error { return &e.safeError }

var (
	errRouteNotFound    = &safeError{http.StatusNotFound, "not_found", "no such endpoint"}
	errMethodNotAllowed = &safeError{http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed"}
	errUnavailable      = &safeError{http.StatusServiceUnavailable, "unavailable", "this feature is not configured"}
	errBodyTooLarge     = &safeError{http.StatusRequestEntityTooLarge, "body_too_large", "request body too large"}
)

// inputError is the one kind of input-validation failure: the field it is
// about ("" when the rule spans fields) and the reason, a sentence safe to
// show that names the field itself. A request that cannot be read (a body
// that is not JSON, a path id that is not a number, a required parameter
// missing) is malformed: 400 bad_request. Readable input a rule refuses is
// 422 validation_failed. details, when set, is the envelope's "details".
type inputError struct {
	field     string
	reason    string
	malformed bool
	details   any
}

func (e *inputError) Error() string { return e.reason }

// badRequest is a malformed request (400 bad_request).
func badRequest(field, reason string) error {
	return &inputError{field: field, reason: reason, malformed: true}
}

// invalid is input a rule refuses (422 validation_failed), with details.
func invalid(field, reason string, details any) error {
	return &inputError{field: field, reason: reason, details: details}
}

// validation reads err as the one input-validation kind: an inputError of
// this package, or a domain package's validation error (which carries a
// safe message). nil when err is none of them.
func validation(err error) *inputError {
	var ie *inputError
	var fe *accounts.FieldError
	switch {
	case errors.As(err, &ie):
		return ie
	case errors.As(err, &fe):
		// The corp form shows the field and why, not a generic message.
		return &inputError{field: fe.Field, reason: fe.Error(), details: fe}
	case errors.Is(err, contacts.ErrInvalid):
		return &inputError{reason: strings.TrimPrefix(err.Error(), "invalid: ")}
	case errors.Is(err, accounts.ErrInvalid):
		return &inputError{reason: strings.TrimPrefix(err.Error(), accounts.ErrInvalid.Error()+": ")}
	case errors.Is(err, lake.ErrInput),
		errors.As(err, new(*auth.InputError)),
		errors.As(err, new(*export.InputError)),
		errors.As(err, new(*monitor.InputError)),
		errors.As(err, new(*retention.InputError)),
		errors.As(err, new(*search.InputError)):
		return &inputError{reason: err.Error()}
	}
	return nil
}

// detailsOf is the envelope's "details" for err, nil for none.
func detailsOf(err error) any {
	if ie := validation(err); ie != nil {
		return ie.details
	}
	var de *detailedError
	if errors.As(err, &de) {
		return de.details
	}
	return nil
}

func classify(err error) mapped {
	if ie := validation(err); ie != nil {
		if ie.malformed {
			return mapped{http.StatusBadRequest, "bad_request", ie.reason}
		}
		return mapped{http.StatusUnprocessableEntity, "validation_failed", ie.reason}
	}
	var se *safeError
	var re *contacts.RejectError
	switch {
	case errors.As(err, &re):
		return rejectStatus(re.Kind)
	case errors.Is(err, contacts.ErrUnknownCorp):
		return mapped{http.StatusNotFound, "unknown_corp", "no corp with that callback key"}
	case errors.As(err, &se):
		return mapped{se.status, se.code, se.msg}
	case errors.Is(err, auth.ErrSessionExpired):
		return mapped{http.StatusUnauthorized, "session_expired", "your session has expired; sign in again"}
	case errors.Is(err, auth.ErrCSRF):
		return mapped{http.StatusForbidden, "csrf_failed", "missing or wrong X-CSRF-Token header"}
	case errors.Is(err, auth.ErrInvalidCredentials):
		return mapped{http.StatusUnauthorized, "invalid_credentials", "wrong username, password or code"}
	case errors.Is(err, auth.ErrAccountLocked):
		return mapped{http.StatusLocked, "account_locked", "too many failed sign-ins; try again later"}
	case errors.Is(err, auth.ErrRateLimited):
		return mapped{http.StatusTooManyRequests, "rate_limited", "too many attempts; slow down"}
	case errors.Is(err, auth.ErrEnrolmentInvalid):
		return mapped{http.StatusGone, "enrolment_invalid", "this enrolment link is invalid, used or expired; ask for a new one"}
	case errors.Is(err, auth.ErrCurrentCredentials):
		return mapped{http.StatusUnprocessableEntity, "current_credentials_wrong", "the current password or code is wrong"}
	case errors.Is(err, auth.ErrTOTPCode):
		return mapped{http.StatusUnprocessableEntity, "totp_code_wrong", "the code does not match the new authenticator key"}
	case errors.Is(err, auth.ErrOIDC):
		return mapped{http.StatusUnauthorized, "oidc_failed", "single sign-on failed"}
	case errors.Is(err, approval.ErrSelfApproval):
		return mapped{http.StatusForbidden, "self_approval", "you cannot approve your own export"}
	case errors.Is(err, approval.ErrNotApproved):
		return mapped{http.StatusConflict, "not_approved", "the export is not approved"}
	case errors.Is(err, lake.ErrNoCorp):
		return mapped{http.StatusNotFound, "unknown_corp", "no such corp"}
	case errors.Is(err, lake.ErrRunning):
		return mapped{http.StatusConflict, "run_in_progress", "a run of this corp is in progress"}
	case errors.Is(err, monitor.ErrSelfApproval):
		return mapped{http.StatusForbidden, "self_approval", "the person who dispositioned this alert cannot approve it"}
	case errors.Is(err, monitor.ErrState):
		return mapped{http.StatusConflict, "alert_state", "not allowed in the alert's state"}
	case errors.As(err, new(*monitor.DocumentError)):
		return mapped{http.StatusBadRequest, "invalid_document", err.Error()}
	case errors.Is(err, audit.ErrNoSigner):
		return mapped{http.StatusConflict, "checkpoints_disabled", "no audit signing key is configured"}
	case errors.Is(err, auth.ErrUnauthenticated):
		return mapped{http.StatusUnauthorized, "unauthenticated", "sign-in required"}
	case errors.Is(err, auth.ErrForbidden):
		return mapped{http.StatusForbidden, "forbidden", "you do not have permission for this"}
	case errors.Is(err, media.ErrQuarantined):
		return mapped{http.StatusForbidden, "media_quarantined", "this file is quarantined: malware was found in it"}
	case errors.Is(err, media.ErrUnscanned):
		return mapped{http.StatusConflict, "media_unscanned", "this file has not been scanned clean yet: it is served once the malware scanner has passed it"}
	case errors.Is(err, media.ErrScanningOff):
		return mapped{http.StatusConflict, "media_scanning_off", "malware scanning is off and this corp does not serve unscanned files"}
	case errors.Is(err, media.ErrNotReady):
		return mapped{http.StatusConflict, "media_not_ready", "this file is not available yet"}
	case errors.Is(err, store.ErrNotFound):
		return mapped{http.StatusNotFound, "not_found", "not found"}
	case errors.Is(err, accounts.ErrArchiveKey):
		return mapped{http.StatusBadRequest, "bad_archive_key", strings.TrimPrefix(err.Error(), accounts.ErrArchiveKey.Error()+": ")}
	case errors.Is(err, accounts.ErrNotConfirmed):
		return mapped{http.StatusBadRequest, "confirmation_required", "repeat the run id as \"confirm\" to apply it"}
	case errors.Is(err, accounts.ErrCorpName):
		return mapped{http.StatusBadRequest, "corp_name_mismatch", "type the corp's name exactly to delete it"}
	case errors.Is(err, accounts.ErrCorpInConfig):
		return mapped{http.StatusConflict, "corp_in_config", "this corp is declared in the config file: remove it there"}
	case errors.Is(err, store.ErrTooManyCorps):
		return mapped{http.StatusConflict, "too_many_corps", "a deployment serves at most 5 corps"}
	case errors.Is(err, store.ErrConflict):
		return mapped{http.StatusConflict, "conflict", "conflicts with the current state"}
	default:
		return mapped{http.StatusInternalServerError, "internal", "internal error"}
	}
}

// rejectStatus maps a refused callback: bad signature or receiveid 403,
// oversized body 413, anything malformed 400.
func rejectStatus(kind string) mapped {
	switch kind {
	case contacts.RejectSignature, contacts.RejectReceiveID:
		return mapped{http.StatusForbidden, "callback_" + kind, "callback rejected"}
	case contacts.RejectTooLarge:
		return mapped{http.StatusRequestEntityTooLarge, "body_too_large", "request body too large"}
	default:
		return mapped{http.StatusBadRequest, "callback_malformed", "callback rejected"}
	}
}
