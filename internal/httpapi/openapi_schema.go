package httpapi

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode"
)

// contract is what a route puts on the wire, for the OpenAPI document:
// the Go type of its request body and of the "data" of its response.
// The schemas are derived from those types by reflection, following
// encoding/json's rules, so the document cannot drift from the handlers.
type contract struct {
	req, resp reflect.Type
	raw       string // a non-JSON response: its media type
	noContent bool   // 204, no body
}

// returns declares a route whose response data is a T.
func returns[T any]() contract { return contract{resp: reflect.TypeFor[T]()} }

// takes declares a route with a JSON body Req and response data Resp.
func takes[Req, Resp any]() contract {
	return contract{req: reflect.TypeFor[Req](), resp: reflect.TypeFor[Resp]()}
}

// rawBody declares a route that answers something other than the JSON envelope.
func rawBody(mediaType string) contract { return contract{raw: mediaType} }

// noContent declares a route that answers 204 without a body.
var noContent = contract{noContent: true}

// untyped marks a JSON route whose response has no schema yet; the
// allow-list in openapi_test.go only shrinks.
var untyped = contract{}

// schemas turns Go types into JSON Schemas, collecting named structs as
// components so the document refers to each once.
type schemas struct {
	defs  map[string]any
	owner map[string]reflect.Type // component name → the type that claimed it
}

func newSchemas() *schemas {
	return &schemas{defs: map[string]any{}, owner: map[string]reflect.Type{}}
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	rawMessageType    = reflect.TypeFor[json.RawMessage]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// of returns the schema of values of type t as encoding/json writes them.
func (sc *schemas) of(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawMessageType:
		return map[string]any{}
	case t.Kind() == reflect.Pointer:
		return nullable(sc.of(t.Elem()))
	case t.Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(jsonMarshalerType):
		return map[string]any{}
	case t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType):
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		if t.Kind() == reflect.Array {
			return map[string]any{"type": "array", "items": sc.of(t.Elem())}
		}
		// encoding/json writes a nil slice or map as null, and the views do not
		// hide that: the schema says so, so the UI's guards stay honest.
		return nullable(map[string]any{"type": "array", "items": sc.of(t.Elem())})
	case reflect.Map:
		return nullable(map[string]any{"type": "object", "additionalProperties": sc.of(t.Elem())})
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		return sc.structRef(t)
	}
	panic(fmt.Sprintf("openapi: no schema for %s", t))
}

// structRef names a struct as a component (anonymous and generic ones are inlined).
func (sc *schemas) structRef(t reflect.Type) map[string]any {
	name := componentName(t)
	if name == "" {
		return sc.structSchema(t)
	}
	if prev, ok := sc.owner[name]; ok {
		if prev != t {
			panic(fmt.Sprintf("openapi: component %s names both %s and %s", name, prev, t))
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	sc.owner[name] = t
	sc.defs[name] = map[string]any{} // claimed first: recursive types refer to it
	sc.defs[name] = sc.structSchema(t)
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// componentName is the type's name, prefixed by its package outside httpapi
// (monitor.Detail → MonitorDetail, jobView → JobView); "" for anonymous and generic types.
func componentName(t reflect.Type) string {
	n := t.Name()
	if n == "" || strings.Contains(n, "[") {
		return ""
	}
	pkg := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
	if pkg == "httpapi" {
		pkg = ""
	}
	r := []rune(pkg + n)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func (sc *schemas) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	sc.fields(t, props, &required)
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

// fields adds t's JSON fields, flattening untagged embedded structs as
// encoding/json does. omitempty and omitzero fields are not required.
func (sc *schemas) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, hasTag := f.Tag.Lookup("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && !hasTag {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				sc.fields(ft, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := sc.of(f.Type)
		if hasOpt(opts, "string") {
			s = map[string]any{"type": "string"}
		}
		props[name] = s
		if !hasOpt(opts, "omitempty") && !hasOpt(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}

func hasOpt(opts, want string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == want {
			return true
		}
	}
	return false
}

// nullable lets a schema also be null (a Go pointer).
func nullable(s map[string]any) map[string]any {
	if typ, ok := s["type"].(string); ok {
		out := map[string]any{}
		for k, v := range s {
			out[k] = v
		}
		out["type"] = []string{typ, "null"}
		return out
	}
	if len(s) == 0 {
		return s
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

// dataEnvelope is the success body: {"data": schema}.
func dataEnvelope(s map[string]any) map[string]any {
	return map[string]any{"type": "object", "required": []string{"data"}, "properties": map[string]any{"data": s}}
}
