package httpapi

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestOpenAPIListsEveryAPIRoute(t *testing.T) {
	t.Parallel()
	s := New(Deps{Version: "t"})
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/openapi.json", nil))
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc["openapi"] != "3.1.0" {
		t.Fatalf("bad document: %v %s", err, rec.Body.String())
	}
	paths := doc["paths"].(map[string]any)
	for _, r := range s.Routes() {
		method, path, _ := strings.Cut(r.Pattern, " ")
		if !strings.HasPrefix(path, "/api/") {
			continue
		}
		path = pathParamRe.ReplaceAllString(path, "{$1}")
		ops, ok := paths[path].(map[string]any)
		if !ok || ops[strings.ToLower(method)] == nil {
			t.Errorf("route %s missing from OpenAPI", r.Pattern)
			continue
		}
		op := ops[strings.ToLower(method)].(map[string]any)
		if op["x-permission"] != string(r.Permission) {
			t.Errorf("%s: x-permission %v, want %q", r.Pattern, op["x-permission"], r.Permission)
		}
	}
	if len(sortedPaths(s.openAPI())) == 0 {
		t.Fatal("no paths")
	}
}
