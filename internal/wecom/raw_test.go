package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPostJSON(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/gettoken"):
			json.NewEncoder(w).Encode(map[string]any{"errcode": 0, "access_token": "tok", "expires_in": 7200})
		case strings.HasSuffix(r.URL.Path, "/externalcontact/ok"):
			json.NewEncoder(w).Encode(map[string]any{"errcode": 0, "errmsg": "ok", "follow_user": []string{"zhangsan"}})
		default:
			json.NewEncoder(w).Encode(map[string]any{"errcode": 84061, "errmsg": "not external contact"})
		}
	}))
	t.Cleanup(srv.Close)
	c, err := New(Options{BaseURL: srv.URL, CorpID: "ww1", Secrets: map[SecretKind]string{App: "s"}})
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		FollowUser []string `json:"follow_user"`
	}
	if err := c.PostJSON(context.Background(), CustomerContact, "externalcontact/ok", map[string]any{}, &out); err != nil || len(out.FollowUser) != 1 {
		t.Fatalf("PostJSON = %v, %+v", err, out)
	}
	err = c.PostJSON(context.Background(), CustomerContact, "externalcontact/gone", nil, &out)
	var we *Error
	if !errors.As(err, &we) || we.Code != 84061 {
		t.Fatalf("errcode not typed: %v", err)
	}
}
