package httpapi

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

type schemaInner struct {
	N int `json:"n"`
}

type schemaBase struct {
	Embedded string `json:"embedded"`
}

type schemaSample struct {
	schemaBase
	Name     string            `json:"name"`
	Count    int64             `json:"count,omitempty"`
	Ratio    float64           `json:"ratio"`
	On       bool              `json:"on"`
	At       time.Time         `json:"at"`
	Inner    schemaInner       `json:"inner"`
	Maybe    *schemaInner      `json:"maybe"`
	MaybeN   *int              `json:"maybe_n"`
	List     []schemaInner     `json:"list"`
	Labels   map[string]string `json:"labels"`
	Raw      json.RawMessage   `json:"raw"`
	Anything any               `json:"anything,omitzero"`
	Bytes    []byte            `json:"bytes"`
	ID       int64             `json:"id,string"`
	Untagged string
	Hidden   string `json:"-"`
	//lint:ignore U1000 an unexported field stays off the wire and out of the schema
	private string //nolint:unused // see above
}

func TestSchemaFollowsEncodingJSON(t *testing.T) {
	t.Parallel()
	sc := newSchemas()
	ref := sc.of(reflect.TypeFor[schemaSample]())
	if ref["$ref"] != "#/components/schemas/SchemaSample" {
		t.Fatalf("named struct not a component ref: %v", ref)
	}
	got := sc.defs["SchemaSample"].(map[string]any)
	want := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"embedded": map[string]any{"type": "string"},
			"name":     map[string]any{"type": "string"},
			"count":    map[string]any{"type": "integer"},
			"ratio":    map[string]any{"type": "number"},
			"on":       map[string]any{"type": "boolean"},
			"at":       map[string]any{"type": "string", "format": "date-time"},
			"inner":    map[string]any{"$ref": "#/components/schemas/SchemaInner"},
			"maybe":    map[string]any{"anyOf": []any{map[string]any{"$ref": "#/components/schemas/SchemaInner"}, map[string]any{"type": "null"}}},
			"maybe_n":  map[string]any{"type": []string{"integer", "null"}},
			"list":     map[string]any{"type": []string{"array", "null"}, "items": map[string]any{"$ref": "#/components/schemas/SchemaInner"}},
			"labels":   map[string]any{"type": []string{"object", "null"}, "additionalProperties": map[string]any{"type": "string"}},
			"raw":      map[string]any{},
			"anything": map[string]any{},
			"bytes":    map[string]any{"type": "string", "contentEncoding": "base64"},
			"id":       map[string]any{"type": "string"},
			"Untagged": map[string]any{"type": "string"},
		},
		"required": []string{"embedded", "name", "ratio", "on", "at", "inner", "maybe", "maybe_n", "list", "labels", "raw", "bytes", "id", "Untagged"},
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		t.Fatalf("schema:\n%s", g)
	}
	if inner := sc.defs["SchemaInner"]; !reflect.DeepEqual(inner, map[string]any{"type": "object",
		"properties": map[string]any{"n": map[string]any{"type": "integer"}}, "required": []string{"n"}}) {
		t.Fatalf("inner: %v", inner)
	}
}

func TestSchemaInlinesGenericViews(t *testing.T) {
	t.Parallel()
	sc := newSchemas()
	got := sc.of(reflect.TypeFor[pageView[schemaInner]]())
	want := map[string]any{"type": "object", "required": []string{"items", "next_cursor"}, "properties": map[string]any{
		"items":       map[string]any{"type": []string{"array", "null"}, "items": map[string]any{"$ref": "#/components/schemas/SchemaInner"}},
		"next_cursor": map[string]any{"type": "string"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("pageView: %v", got)
	}
}

// The document's envelopes: success is {"data": ...}, every error {"error": {code, message, details?}}.
func TestOpenAPIEnvelopes(t *testing.T) {
	t.Parallel()
	doc := New(Deps{Version: "t"}).openAPI()
	op := doc["paths"].(map[string]map[string]any)["/api/v1/jobs/{id}"]["get"].(map[string]any)
	ok := op["responses"].(map[string]any)["2XX"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
	want := map[string]any{"type": "object", "required": []string{"data"}, "properties": map[string]any{
		"data": map[string]any{"$ref": "#/components/schemas/JobView"}}}
	if !reflect.DeepEqual(ok, want) {
		t.Fatalf("success envelope: %v", ok)
	}
	defs := doc["components"].(map[string]any)["schemas"].(map[string]any)
	if e := defs["ErrorBody"]; !reflect.DeepEqual(e, map[string]any{"type": "object", "required": []string{"error"},
		"properties": map[string]any{"error": map[string]any{"$ref": "#/components/schemas/ApiError"}}}) {
		t.Fatalf("error envelope: %v", e)
	}
	if e := defs["ApiError"].(map[string]any); !reflect.DeepEqual(e["required"], []string{"code", "message"}) {
		t.Fatalf("error body: %v", e)
	}
}

// A view serialises to the JSON the handlers wrote as maps before they were typed.
func TestViewsKeepTheWireJSON(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		view any
		want string
	}{
		{itemsOf([]int{1}), `{"items":[1]}`},
		{pageView[int]{Items: []int{1}, NextCursor: "2"}, `{"items":[1],"next_cursor":"2"}`},
		{deletedView[string]{Deleted: "acme"}, `{"deleted":"acme"}`},
		{createdTokenView{Token: "raw"}, `{"item":{"id":0,"name":"","prefix":"","role":"","corp_id":"","departments":null,"created_by":"","created_at":0,"expires_at":0,"revoked_at":0,"last_used_at":0},"token":"raw"}`},
		{createdAdminView{TOTPSecret: "s", OTPAuthURL: "u"}, `{"admin":{"id":0,"username":"","display_name":"","email":"","kind":"","disabled":false,"oidc_linked":false,"failed_attempts":0,"locked_until":0,"last_login_at":0,"created_at":0,"updated_at":0,"roles":null},"otpauth_url":"u","totp_secret":"s"}`},
		{checkpointsView{Algorithm: "ed25519"}, `{"algorithm":"ed25519","items":null,"key_id":"","public_key":""}`},
		{readyView{Checks: map[string]string{"store": "ok"}, Ready: true}, `{"checks":{"store":"ok"},"ready":true}`},
		{transcriptView{MediaID: 1, Text: "hi"}, `{"confidence":0,"created_at":0,"engine":"","language":"","media_id":1,"text":"hi"}`},
	} {
		b, _ := json.Marshal(c.view)
		if string(b) != c.want {
			t.Errorf("%T:\n got %s\nwant %s", c.view, b, c.want)
		}
	}
}
