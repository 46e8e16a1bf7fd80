package wecom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestRetryable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{&Error{Code: -1}, true},
		{&Error{Code: 6000}, true},
		{&Error{Code: 45009}, true},
		{&Error{Code: 45033}, true},
		{fmt.Errorf("wrapped: %w", &Error{Code: 45009}), true},
		{&Error{Code: 60111}, false},
		{&Error{Code: 40001}, false},
		{&Error{Code: 42001}, false},
		{&HTTPError{Status: 502}, true},
		{&HTTPError{Status: 429}, true},
		{&HTTPError{Status: 404}, false},
		{newNetError("user/get", io.ErrUnexpectedEOF), true},
		{newNetError("user/get", context.DeadlineExceeded), true},
		{context.Canceled, false},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), false},
		{ErrBadResponse, false},
	}
	for _, tt := range tests {
		if got := Retryable(tt.err); got != tt.want {
			t.Errorf("Retryable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestErrorIsSentinels(t *testing.T) {
	t.Parallel()
	for code, want := range map[int]error{
		60111: ErrUserNotFound, 46004: ErrUserNotFound, 60104: ErrMobileExists, 60106: ErrEmailExists,
		60102: ErrUseridExists, 40001: ErrInvalidSecret, 40091: ErrInvalidSecret, 84061: ErrNoRelationship,
		45009: ErrFrequencyLimit, 45033: ErrFrequencyLimit, 40029: ErrInvalidTFACode, 40207: ErrInvalidTFACode,
		41050: ErrWelcomeCodeExpired, 42001: ErrInvalidToken, 40014: ErrInvalidToken,
	} {
		err := fmt.Errorf("ctx: %w", &Error{Code: code, Endpoint: "x"})
		if !errors.Is(err, want) {
			t.Errorf("code %d is not %v", code, want)
		}
		if errors.Is(err, ErrSystemBusy) {
			t.Errorf("code %d matched an unrelated sentinel", code)
		}
		if Code(err) != code {
			t.Errorf("Code = %d, want %d", Code(err), code)
		}
	}
}

func TestErrorMessageMasksPII(t *testing.T) {
	t.Parallel()
	e := &Error{Code: 60104, Msg: "mobile existed: 13800138000, hint: [1]", Endpoint: "user/create"}
	if s := e.Error(); strings.Contains(s, "13800138000") || !strings.Contains(s, "60104") {
		t.Fatalf("Error() = %q", s)
	}
}
