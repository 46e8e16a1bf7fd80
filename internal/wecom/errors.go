package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"wecomadmin/internal/logging"
)

// Error is a non-zero errcode answered by WeCom. Callers branch on Code (or
// on the sentinels below through errors.Is), never on Msg: Tencent changes
// the text and appends hints and the caller's IP to it.
type Error struct {
	Code     int    // errcode
	Msg      string // errmsg, for logs only
	Endpoint string // path below /cgi-bin/, e.g. "user/get"
}

func (e *Error) Error() string {
	// errmsg sometimes echoes the offending value (a mobile, an e-mail): mask it.
	return fmt.Sprintf("wecom: %s: errcode %d: %s", e.Endpoint, e.Code, logging.MaskText(e.Msg))
}

// Is lets errors.Is(err, wecom.ErrUserNotFound) match every errcode that
// means the same thing.
func (e *Error) Is(target error) bool {
	s := sentinelFor(e.Code)
	return s != nil && s == target
}

// Sentinels for the errcodes the portal acts on. Each matches one or more
// codes through (*Error).Is; the *Error keeps the exact code.
var (
	ErrSystemBusy          = errors.New("wecom: system busy")                              // -1
	ErrVersionConflict     = errors.New("wecom: data version conflict")                    // 6000
	ErrInvalidSecret       = errors.New("wecom: invalid corp secret")                      // 40001, 40091
	ErrInvalidCorpID       = errors.New("wecom: invalid corp id")                          // 40013
	ErrInvalidToken        = errors.New("wecom: access token invalid or expired")          // 40014, 42001
	ErrInvalidUserID       = errors.New("wecom: invalid userid")                           // 40003, 301021
	ErrUserNotFound        = errors.New("wecom: user not found")                           // 46004, 60111
	ErrUseridExists        = errors.New("wecom: userid already exists")                    // 60102
	ErrMobileExists        = errors.New("wecom: mobile already exists")                    // 60104
	ErrEmailExists         = errors.New("wecom: email already exists")                     // 60106
	ErrInvalidMobile       = errors.New("wecom: invalid mobile")                           // 60103
	ErrInvalidEmail        = errors.New("wecom: invalid email")                            // 60105
	ErrDepartmentNotFound  = errors.New("wecom: department not found")                     // 60123, 60003
	ErrFrequencyLimit      = errors.New("wecom: frequency or concurrency limit")           // 45009, 45033
	ErrNotAuthorized       = errors.New("wecom: api not authorized for this secret")       // 48001, 48002, 48006, 48009
	ErrUntrustedIP         = errors.New("wecom: caller ip not trusted")                    // 60020
	ErrOutOfScope          = errors.New("wecom: outside the app's visible range")          // 60011, 60021
	ErrInvalidTFACode      = errors.New("wecom: invalid or expired tfa code")              // 40029, 40207
	ErrTFANotInScope       = errors.New("wecom: user not in tfa scope")                    // 40208
	ErrNoRelationship      = errors.New("wecom: no external-contact relationship")         // 84061
	ErrInvalidExternalUser = errors.New("wecom: invalid external_userid")                  // 40096
	ErrTransferLimit       = errors.New("wecom: customer transferred too often")           // 40128
	ErrWelcomeCodeExpired  = errors.New("wecom: welcome code invalid or expired")          // 41050
	ErrAlreadyChatting     = errors.New("wecom: member and customer already chatted")      // 41051
	ErrArchiveConsent      = errors.New("wecom: customer has not agreed to archiving")     // 41053
	ErrArchiveNotEnabled   = errors.New("wecom: conversation archive expired/not enabled") // 301052, 301053
)

// sentinelFor maps an errcode to its sentinel, nil when it has none.
func sentinelFor(code int) error {
	switch code {
	case -1:
		return ErrSystemBusy
	case 6000:
		return ErrVersionConflict
	case 40001, 40091:
		return ErrInvalidSecret
	case 40013:
		return ErrInvalidCorpID
	case 40014, 42001:
		return ErrInvalidToken
	case 40003, 301021:
		return ErrInvalidUserID
	case 46004, 60111:
		return ErrUserNotFound
	case 60102:
		return ErrUseridExists
	case 60104:
		return ErrMobileExists
	case 60106:
		return ErrEmailExists
	case 60103:
		return ErrInvalidMobile
	case 60105:
		return ErrInvalidEmail
	case 60123, 60003:
		return ErrDepartmentNotFound
	case 45009, 45033:
		return ErrFrequencyLimit
	case 48001, 48002, 48006, 48009:
		return ErrNotAuthorized
	case 60020:
		return ErrUntrustedIP
	case 60011, 60021:
		return ErrOutOfScope
	case 40029, 40207:
		return ErrInvalidTFACode
	case 40208:
		return ErrTFANotInScope
	case 84061:
		return ErrNoRelationship
	case 40096:
		return ErrInvalidExternalUser
	case 40128:
		return ErrTransferLimit
	case 41050:
		return ErrWelcomeCodeExpired
	case 41051:
		return ErrAlreadyChatting
	case 41053:
		return ErrArchiveConsent
	case 301052, 301053:
		return ErrArchiveNotEnabled
	}
	return nil
}

// Errors that do not come from an errcode.
var (
	// ErrNetwork marks transport failures: refused or reset connections,
	// per-attempt timeouts, truncated bodies. Retryable.
	ErrNetwork = errors.New("wecom: network error")
	// ErrBadResponse means WeCom answered 200 with a body that is not its JSON.
	ErrBadResponse = errors.New("wecom: malformed response")
	// ErrSecretNotConfigured means the corp has no secret of the kind an endpoint needs.
	ErrSecretNotConfigured = errors.New("wecom: secret not configured")
	// ErrInvalidArgument is a request refused before it was sent (e.g. batchdelete over 200 ids).
	ErrInvalidArgument = errors.New("wecom: invalid argument")
)

// HTTPError is a non-200 HTTP status (no errcode to read).
type HTTPError struct {
	Status   int
	Endpoint string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("wecom: %s: http status %d", e.Endpoint, e.Status)
}

// netError wraps a transport failure so that errors.Is(err, ErrNetwork)
// holds while the cause stays reachable.
type netError struct {
	endpoint string
	err      error
}

func (e *netError) Error() string            { return fmt.Sprintf("wecom: %s: %v", e.endpoint, e.err) }
func (e *netError) Unwrap() error            { return e.err }
func (e *netError) Is(target error) bool     { return target == ErrNetwork }
func newNetError(ep string, err error) error { return &netError{endpoint: ep, err: err} }

// Retryable reports whether err is transient: a network failure or
// per-attempt timeout, HTTP 5xx or 429, or errcode -1 (busy), 6000 (version
// conflict), 45009 / 45033 (frequency and concurrency limits). A cancelled
// or expired caller context is never retryable.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var we *Error
	if errors.As(err, &we) {
		switch we.Code {
		case -1, 6000, 45009, 45033:
			return true
		}
		return false
	}
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500 || he.Status == http.StatusTooManyRequests
	}
	return errors.Is(err, ErrNetwork)
}

// Code returns the errcode carried by err, or 0 when it carries none.
func Code(err error) int {
	var we *Error
	if errors.As(err, &we) {
		return we.Code
	}
	return 0
}

// tokenRejected reports the errcodes after which a fresh token may succeed.
// 40001 counts on ordinary calls (WeCom answers it for a token minted from a
// since-reset secret); on gettoken itself it means the secret is wrong.
func tokenRejected(err error) bool {
	switch Code(err) {
	case 40014, 42001, 40001:
		return true
	}
	return false
}

// ErrCode returns the WeCom errcode (features branch on codes through it).
func (e *Error) ErrCode() int { return e.Code }
