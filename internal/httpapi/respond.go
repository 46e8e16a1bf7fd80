package httpapi

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	"wecomadmin/internal/reqmeta"
)

type envelope struct {
	Data any `json:"data"`
}

type errorBody struct {
	Error apiError `json:"error"`
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details any    `json:"details,omitempty"`
}

// writeJSON writes {"data": v} with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(envelope{Data: v})
}

// handlerFunc is a route's handler: it writes its answer and returns nil,
// or returns the error and writes nothing; serve writes that error once.
type handlerFunc func(http.ResponseWriter, *http.Request) error

// serve adapts h to net/http: an error h returns is written by writeError
// with the server's logger (the request id rides on the context).
func (s *Server) serve(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeError(w, r, s.d.Log, err)
		}
	}
}

// writeError maps err to a status and a stable code; only the safe message
// leaves the server, the full error is logged with the request id.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	m := classify(err)
	if m.status >= 500 {
		log.ErrorContext(r.Context(), "request failed", "request_id", reqmeta.From(r.Context()).RequestID,
			"route", r.Pattern, "err", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(m.status)
	_ = json.NewEncoder(w).Encode(errorBody{Error: apiError{Code: m.code, Message: m.message, Details: detailsOf(err)}})
}

// decodeJSON reads a JSON body strictly (unknown fields are an error).
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("", fmt.Sprintf("invalid JSON body: %v", err))
	}
	if dec.More() {
		return badRequest("", "invalid JSON body: trailing data")
	}
	return nil
}

// writeRaw writes v as JSON without the envelope (documents such as OpenAPI).
func writeRaw(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// answer ends a handlerFunc whose service call has run: err when there is
// one, otherwise v as JSON with status.
func answer(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	writeJSON(w, status, v)
	return nil
}

// itemsView is a list response: {"items": [...]}.
type itemsView[T any] struct {
	Items []T `json:"items"`
}

func itemsOf[T any](xs []T) itemsView[T] { return itemsView[T]{Items: xs} }

// pageView is a page of a list: {"items": [...], "next_cursor": ""} ("" on the last page).
type pageView[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// revokedView answers a revocation.
type revokedView struct {
	Revoked bool `json:"revoked"`
}

// deletedView answers a DELETE with the key or id it removed.
type deletedView[K any] struct {
	Deleted K `json:"deleted"`
}

// idView answers a save with the id of what was saved.
type idView struct {
	ID int64 `json:"id"`
}
