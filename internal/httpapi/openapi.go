package httpapi

import (
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"wecomadmin/internal/auth"
)

var pathParamRe = regexp.MustCompile(`\{([a-zA-Z_]+)(\.\.\.)?\}`)

// openAPI builds the OpenAPI 3.1 document from the route table, so the
// document cannot drift from the routes actually served: each route's
// contract gives its request and response schemas.
func (s *Server) openAPI() map[string]any {
	sc := newSchemas()
	errSchema := sc.of(reflect.TypeFor[errorBody]())
	paths := map[string]map[string]any{}
	for _, r := range s.Routes() {
		method, path, ok := strings.Cut(r.Pattern, " ")
		if !ok || !(strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/wecom/")) {
			continue
		}
		op := map[string]any{
			"operationId":  operationID(method, path),
			"x-permission": string(r.Permission),
			"responses": map[string]any{
				"2XX":     successResponse(sc, r.api),
				"default": map[string]any{"$ref": "#/components/responses/Error"},
			},
		}
		if r.api.req != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": sc.of(r.api.req)}}}
		}
		if r.Permission == auth.Public {
			op["security"] = []any{}
		}
		var params []any
		for _, m := range pathParamRe.FindAllStringSubmatch(path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]string{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		p := pathParamRe.ReplaceAllString(path, "{$1}")
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "Wecom Admin Portal API", "version": s.d.Version},
		"paths":   paths,
		"security": []any{
			map[string]any{"session": []any{}}, map[string]any{"bearer": []any{}},
		},
		"components": map[string]any{
			"schemas": sc.defs,
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "wa_session"},
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
			},
			"responses": map[string]any{"Error": map[string]any{
				"description": "{\"error\": {\"code\", \"message\", \"details\"}}",
				"content":     map[string]any{"application/json": map[string]any{"schema": errSchema}},
			}},
		},
	}
}

// successResponse is the 2XX response of a route: {"data": ...} with the
// contract's schema, a raw media type, or no schema yet.
func successResponse(sc *schemas, c contract) map[string]any {
	switch {
	case c.noContent:
		return map[string]any{"description": "No Content"}
	case c.raw != "":
		return map[string]any{"description": "OK: " + c.raw, "content": map[string]any{c.raw: map[string]any{}}}
	case c.resp == nil:
		return map[string]any{"description": "OK: {\"data\": ...}"}
	}
	return map[string]any{"description": "OK: {\"data\": ...}", "content": map[string]any{
		"application/json": map[string]any{"schema": dataEnvelope(sc.of(c.resp))}}}
}

func operationID(method, path string) string {
	parts := []string{strings.ToLower(method)}
	for _, seg := range strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/") {
		seg = strings.Trim(pathParamRe.ReplaceAllString(seg, "by_$1"), "{}")
		if seg != "" {
			parts = append(parts, strings.NewReplacer("-", "_", ".", "_").Replace(seg))
		}
	}
	return strings.Join(parts, "_")
}

func (s *Server) openAPIDoc(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-cache")
	writeRaw(w, http.StatusOK, s.openAPI())
	return nil
}

// sortedPaths is used by tests to list documented paths deterministically.
func sortedPaths(doc map[string]any) []string {
	var out []string
	for p := range doc["paths"].(map[string]map[string]any) {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
