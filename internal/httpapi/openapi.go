package httpapi

import (
	"net/http"
	"regexp"
	"sort"
	"strings"

	"wecomadmin/internal/auth"
)

var pathParamRe = regexp.MustCompile(`\{([a-zA-Z_]+)(\.\.\.)?\}`)

// openAPI builds the OpenAPI 3.1 document from the route table, so the
// document cannot drift from the routes actually served.
func (s *Server) openAPI() map[string]any {
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
				"200":     map[string]any{"description": "OK: {\"data\": ...}"},
				"default": map[string]any{"$ref": "#/components/responses/Error"},
			},
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
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "wa_session"},
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
			},
			"responses": map[string]any{"Error": map[string]any{
				"description": "{\"error\": {\"code\", \"message\", \"details\"}}",
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
					"type": "object", "required": []string{"error"},
					"properties": map[string]any{"error": map[string]any{"type": "object", "required": []string{"code", "message"},
						"properties": map[string]any{"code": map[string]string{"type": "string"}, "message": map[string]string{"type": "string"}, "details": map[string]any{}}}},
				}}},
			}},
		},
	}
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

func (s *Server) openAPIDoc(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	writeRaw(w, http.StatusOK, s.openAPI())
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
