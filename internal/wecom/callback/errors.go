package callback

import "fmt"

// Error is a WXBizMsgCrypt failure carrying the official library code
// (-40001 … -40011), so logs and audit entries name the same codes as
// Tencent's reference implementations.
type Error struct {
	Code int
	Msg  string
	Err  error // underlying cause, if any
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("callback: %s (%d): %v", e.Msg, e.Code, e.Err)
	}
	return fmt.Sprintf("callback: %s (%d)", e.Msg, e.Code)
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches on the code, so errors.Is(err, ErrValidateSignature) works for
// any wrapped *Error with that code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// The official library error codes.
var (
	ErrValidateSignature = &Error{Code: -40001, Msg: "signature mismatch"}
	ErrParseXML          = &Error{Code: -40002, Msg: "xml parse"}
	ErrComputeSignature  = &Error{Code: -40003, Msg: "sha compute"}
	ErrIllegalAESKey     = &Error{Code: -40004, Msg: "illegal EncodingAESKey"}
	ErrValidateReceiveID = &Error{Code: -40005, Msg: "receiveid mismatch"}
	ErrEncryptAES        = &Error{Code: -40006, Msg: "aes encrypt"}
	ErrDecryptAES        = &Error{Code: -40007, Msg: "aes decrypt"}
	ErrIllegalBuffer     = &Error{Code: -40008, Msg: "illegal buffer"}
	ErrEncodeBase64      = &Error{Code: -40009, Msg: "base64 encode"}
	ErrDecodeBase64      = &Error{Code: -40010, Msg: "base64 decode"}
	ErrGenXML            = &Error{Code: -40011, Msg: "generate xml"}
)

func wrap(base *Error, cause error) error {
	return &Error{Code: base.Code, Msg: base.Msg, Err: cause}
}
