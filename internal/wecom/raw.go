package wecom

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// rawResponse decodes the whole answer into v and keeps errcode/errmsg for
// the client's error mapping.
type rawResponse struct {
	apiStatus
	v any
}

func (r *rawResponse) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &r.apiStatus); err != nil {
		return err
	}
	if r.v == nil {
		return nil
	}
	return json.Unmarshal(b, r.v)
}

// PostJSON calls a POST endpoint (path below /cgi-bin/) with the token of
// kind, with the same token refresh, retries, rate limit, metrics and typed
// errors as the typed methods. out receives the whole JSON answer. It lets a
// feature keep its own request/response types in WeCom's field names.
func (c *Client) PostJSON(ctx context.Context, kind SecretKind, endpoint string, body, out any) error {
	return c.call(ctx, request{method: http.MethodPost, endpoint: endpoint, kind: c.pick(kind, App), body: body}, &rawResponse{v: out})
}

// GetJSON is PostJSON for GET endpoints with query parameters.
func (c *Client) GetJSON(ctx context.Context, kind SecretKind, endpoint string, query url.Values, out any) error {
	return c.call(ctx, request{method: http.MethodGet, endpoint: endpoint, kind: c.pick(kind, App), query: query}, &rawResponse{v: out})
}
