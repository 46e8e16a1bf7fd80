package webui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestSPAServing(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{
		"index.html":        {Data: []byte("<html>app</html>")},
		"assets/app-abc.js": {Data: []byte("console.log(1)")},
	}
	h := handler(files)
	cases := []struct {
		path, wantBody, wantCache string
		wantStatus                int
	}{
		{"/", "app", "no-cache", 200},
		{"/conversations/123", "app", "no-cache", 200},
		{"/assets/app-abc.js", "console", "immutable", 200},
		{"/assets/missing.js", "", "", 404},
		{"/api/v1/nothing", "", "", 404},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.path, nil))
		if rec.Code != c.wantStatus || !strings.Contains(rec.Body.String(), c.wantBody) || !strings.Contains(rec.Header().Get("Cache-Control"), c.wantCache) {
			t.Errorf("%s: %d %q cache=%q", c.path, rec.Code, rec.Body.String(), rec.Header().Get("Cache-Control"))
		}
	}
}

func TestPlaceholderWhenNotBuilt(t *testing.T) {
	t.Parallel()
	h := handler(fstest.MapFS{})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "not built") {
		t.Fatalf("placeholder: %d %s", rec.Code, rec.Body.String())
	}
}
