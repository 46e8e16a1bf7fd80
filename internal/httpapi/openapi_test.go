package httpapi

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"os"
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

// stillUntyped lists the JSON routes whose response has no schema yet. It
// only shrinks: a new route declares its view in routes.go.
var stillUntyped = map[string]bool{
	"POST /api/v1/monitoring/test":    true, // the result's shape depends on the document kind (any)
	"POST /api/v1/monitoring/preview": true,
}

func TestEveryJSONRouteHasAResponseSchema(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, r := range New(Deps{Version: "t"}).Routes() {
		typed := r.api != untyped
		switch {
		case !typed && !stillUntyped[r.Pattern]:
			t.Errorf("%s has no response schema: give it returns[View]() (or rawBody/noContent) in routes.go", r.Pattern)
		case typed && stillUntyped[r.Pattern]:
			t.Errorf("%s has a schema now: remove it from stillUntyped", r.Pattern)
		}
		seen[r.Pattern] = true
	}
	for p := range stillUntyped {
		if !seen[p] {
			t.Errorf("stillUntyped lists %s, which is no route", p)
		}
	}
}

var updateOpenAPI = flag.Bool("update", false, "rewrite docs/openapi.json from the route table")

const committedOpenAPI = "../../docs/openapi.json"

// The committed document is the contract the web's types are generated
// from (web/src/types/api.gen.ts); it must be what the server serves.
func TestCommittedOpenAPIIsCurrent(t *testing.T) {
	t.Parallel()
	got, err := json.MarshalIndent(New(Deps{Version: "committed"}).openAPI(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *updateOpenAPI {
		if err := os.WriteFile(committedOpenAPI, got, 0o644); err != nil { //nolint:gosec // a committed document
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(committedOpenAPI)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("docs/openapi.json differs from the document the routes generate (%v); regenerate it with\n"+
			"  go test ./internal/httpapi -run TestCommittedOpenAPIIsCurrent -update\n"+
			"then the web's types with: cd web && npm run gen:api", err)
	}
}
