package finance

import (
	"errors"
	"fmt"
)

// SDK return codes (reference §7.3).
const (
	CodeOK              = 0
	CodeParam           = 10000
	CodeNetwork         = 10001
	CodeParse           = 10002
	CodeSystem          = 10003
	CodeEncryptKey      = 10004
	CodeBadFileID       = 10005
	CodeDecrypt         = 10006
	CodeKeyNotFound     = 10007
	CodeBadEncryptKey   = 10008
	CodeIPNotAllowed    = 10009
	CodeExpired         = 10010
	CodeCertificate     = 10011
	CodeTimeout         = -1 // not an SDK code: our own deadline or transport timeout
	CodeTransportStatus = -2 // not an SDK code: an HTTP 5xx from the simulator
)

var codeText = map[int]string{
	CodeParam: "parameter error", CodeNetwork: "network error", CodeParse: "data parse failure",
	CodeSystem: "system failure", CodeEncryptKey: "key error caused encryption failure",
	CodeBadFileID: "bad sdkfileid", CodeDecrypt: "decryption failed",
	CodeKeyNotFound: "private key for this key version not found", CodeBadEncryptKey: "cannot parse encrypt_key",
	CodeIPNotAllowed: "IP not allowed", CodeExpired: "data expired", CodeCertificate: "certificate error",
	CodeTimeout: "timeout", CodeTransportStatus: "server error",
}

// Error is an SDK return code, or a JSON-level WeCom errcode (40001, 41001,
// 301052…) when API is true.
type Error struct {
	Code int
	API  bool   // a WeCom errcode inside the GetChatData JSON, not an SDK code
	Msg  string // errmsg or detail
}

func (e *Error) Error() string {
	if e.API {
		return fmt.Sprintf("finance: wecom errcode %d: %s", e.Code, e.Msg)
	}
	t := codeText[e.Code]
	if e.Msg != "" {
		t += ": " + e.Msg
	}
	return fmt.Sprintf("finance: sdk %d %s", e.Code, t)
}

// Transient reports whether retrying the same call may succeed
// (10001-10003, timeouts and 5xx; reference §7.10).
func (e *Error) Transient() bool {
	if e.API {
		return e.Code == -1 || e.Code == 45009 || e.Code == 45033
	}
	switch e.Code {
	case CodeNetwork, CodeParse, CodeSystem, CodeTimeout, CodeTransportStatus:
		return true
	}
	return false
}

// NewError builds an SDK error.
func NewError(code int, msg string) error {
	if code == CodeOK {
		return nil
	}
	return &Error{Code: code, Msg: msg}
}

// IsTransient reports whether err is worth retrying.
func IsTransient(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Transient()
}

// CodeOf returns err's SDK or API code, or 0.
func CodeOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}
