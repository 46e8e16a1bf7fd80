package finance

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorsTransient(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err       error
		transient bool
	}{
		{NewError(CodeNetwork, ""), true},
		{NewError(CodeParse, ""), true},
		{NewError(CodeSystem, ""), true},
		{NewError(CodeTimeout, ""), true},
		{NewError(CodeTransportStatus, ""), true},
		{NewError(CodeParam, ""), false},
		{NewError(CodeDecrypt, ""), false},
		{NewError(CodeKeyNotFound, ""), false},
		{NewError(CodeExpired, ""), false},
		{NewError(CodeIPNotAllowed, ""), false},
		{&Error{Code: 40001, API: true}, false},
		{&Error{Code: -1, API: true}, true},
		{fmt.Errorf("wrapped: %w", NewError(CodeNetwork, "x")), true},
		{errors.New("plain"), false},
	}
	for _, tc := range cases {
		if got := IsTransient(tc.err); got != tc.transient {
			t.Errorf("%v: transient %v, want %v", tc.err, got, tc.transient)
		}
	}
	if NewError(CodeOK, "") != nil || CodeOf(fmt.Errorf("w: %w", NewError(CodeExpired, ""))) != CodeExpired {
		t.Fatal("NewError/CodeOf")
	}
}

func TestSimSealOpen(t *testing.T) {
	t.Parallel()
	key := "0123456789abcdefghijklmnopqrstuv"
	for _, msg := range []string{"", "a", "{\"msgid\":\"x\",\"text\":{\"content\":\"你好\"}}", string(make([]byte, 4096))} {
		ct, err := SimSeal(key, []byte(msg))
		if err != nil {
			t.Fatal(err)
		}
		pt, err := SimOpen(key, ct)
		if err != nil || string(pt) != msg {
			t.Fatalf("round trip of %d bytes: %v", len(msg), err)
		}
	}
	ct, _ := SimSeal(key, []byte("secret"))
	// CBC has no authentication: a wrong key fails the padding check or
	// yields garbage, never the plaintext.
	if pt, err := SimOpen("ZZZZ456789abcdefghijklmnopqrstuv", ct); err == nil && string(pt) == "secret" {
		t.Fatal("wrong key decrypted")
	}
	if _, err := SimOpen(key, "%%%"); CodeOf(err) != CodeDecrypt {
		t.Fatalf("bad base64: %v", err)
	}
	if _, err := SimOpen("short", ct); CodeOf(err) != CodeBadEncryptKey {
		t.Fatalf("short key: %v", err)
	}
}
