package wecomsim

import (
	"errors"
	"fmt"
)

// Error is a WeCom errcode with its message; handlers answer it as
// {"errcode": Code, "errmsg": Msg}.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("wecomsim: errcode %d: %s", e.Code, e.Msg) }

// errf builds an *Error; the message mimics Tencent's English errmsg plus hint.
func errf(code int, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// Code returns the WeCom errcode carried by err: 0 for nil, -1 (system busy)
// for errors that carry none.
func Code(err error) int {
	if err == nil {
		return 0
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return -1
}
