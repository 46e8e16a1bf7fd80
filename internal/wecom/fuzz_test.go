package wecom

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzResponse feeds arbitrary bodies to the decoder: the client must
// return a value or a typed error, never panic or hang.
func FuzzResponse(f *testing.F) {
	for _, s := range []string{
		`{"errcode":0,"errmsg":"ok","userid":"a","department":[1]}`,
		`{"errcode":60111,"errmsg":"userid not found"}`,
		`{"errcode":"0"}`, `{"errcode":0,"department":"x"}`, `[]`, `null`, ``, `<html>`,
		`{"errcode":0,"errmsg":"ok","extattr":{"attrs":[{"type":1,"web":null}]}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			b := body
			if strings.HasSuffix(r.URL.Path, "/gettoken") {
				b = `{"errcode":0,"errmsg":"ok","access_token":"T","expires_in":7200}`
			}
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(b)), Header: http.Header{}}, nil
		})
		c, err := New(Options{CorpID: "ww1", BaseURL: "http://127.0.0.1:1", Secrets: map[SecretKind]string{App: "s"},
			HTTPClient: &http.Client{Transport: rt}, Timeout: time.Second,
			Retry: Retry{InitialDelay: time.Microsecond, MaxDelay: time.Microsecond, MaxAttempts: 2}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetUser(context.Background(), "a")
		var we *Error
		if err != nil && !errors.As(err, &we) && !errors.Is(err, ErrBadResponse) {
			t.Fatalf("untyped error: %v", err)
		}
	})
}
