package accounts

import (
	"fmt"
	"regexp"
)

// FieldError is a corp input refused for one field: the API returns the
// field and a stable code beside the message, so the form can point at it.
type FieldError struct {
	Field  string `json:"field"` // corp_id, key, base_url, secrets.app, callback.aes_key, ...
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// Unwrap makes a FieldError an ErrInvalid (422).
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Field error codes; the UI translates them (admin.corps.fieldErrors).
const (
	FieldBadCorpID     = "bad_corp_id"
	FieldBadKey        = "bad_key"
	FieldBadBaseURL    = "bad_base_url"
	FieldUnknownSecret = "unknown_secret_kind"
	FieldBadSecret     = "bad_secret"
	FieldBadCallback   = "bad_callback"
	FieldBadKeyVersion = "bad_key_version"
)

// WeCom secrets and callback keys are URL-safe base64-like strings; a
// pasted space, line break or full-width character is a typo that would
// only surface as a failed gettoken later.
var (
	secretPattern   = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)
	callbackPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)
)

func fieldErr(field, code, reason string) *FieldError {
	return &FieldError{Field: field, Code: code, Reason: reason}
}

// checkSecrets validates the secret values given (blank keeps a stored one).
func (in CorpInput) checkSecrets() error {
	for _, k := range SecretKinds {
		if v := in.Secrets[k]; v != "" && !secretPattern.MatchString(v) {
			return fieldErr("secrets."+k, FieldBadSecret, fmt.Sprintf("the %s secret must be 1-128 letters, digits, - or _ (no spaces or line breaks); copy it again from the WeCom admin console", k))
		}
	}
	if in.Callback == nil {
		return nil
	}
	if v := in.Callback.Token; v != "" && !callbackPattern.MatchString(v) {
		return fieldErr("callback.token", FieldBadCallback, "the callback token must be letters and digits, at most 64")
	}
	if v := in.Callback.AESKey; v != "" && !callbackPattern.MatchString(v) {
		return fieldErr("callback.aes_key", FieldBadCallback, "the callback EncodingAESKey must be letters and digits (WeCom gives 43)")
	}
	return nil
}
