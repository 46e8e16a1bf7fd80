package apiclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Media is one media item as GET /api/v1/media lists it.
type Media struct {
	ID            int64  `json:"id"`
	CorpID        string `json:"corp_id"`
	MsgID         string `json:"msgid"`
	Kind          string `json:"kind"`
	Filename      string `json:"filename"`
	Size          int64  `json:"size"`
	State         string `json:"state"`
	Attempts      int    `json:"attempts"`
	LastError     string `json:"last_error"`
	ContentType   string `json:"content_type"`
	TypeMismatch  bool   `json:"type_mismatch"`
	ScanResult    string `json:"scan_result"`
	ScanSignature string `json:"scan_signature"`
	Quarantined   bool   `json:"quarantined"`
	DurationMS    int64  `json:"duration_ms"`
	Playable      bool   `json:"playable"`
	Thumbnail     bool   `json:"thumbnail"`
	SHA256        string `json:"sha256"`
}

// MediaPage is one page of the media list.
type MediaPage struct {
	Items      []Media `json:"items"`
	NextCursor string  `json:"next_cursor"`
}

// ListMedia lists a corp's media the caller may see; state and cursor are optional.
func (c *Client) ListMedia(ctx context.Context, corp, state, cursor string) (MediaPage, error) {
	q := url.Values{"corp": {corp}}
	if state != "" {
		q.Set("state", state)
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var p MediaPage
	err := c.Do(ctx, http.MethodGet, "/api/v1/media?"+q.Encode(), nil, &p)
	return p, err
}

// MediaInfo returns one media item.
func (c *Client) MediaInfo(ctx context.Context, id int64) (Media, error) {
	var m Media
	err := c.Do(ctx, http.MethodGet, fmt.Sprintf("/api/v1/media/%d/info", id), nil, &m)
	return m, err
}

// Transcript is a media item's newest transcript.
type Transcript struct {
	MediaID    int64   `json:"media_id"`
	Engine     string  `json:"engine"`
	Language   string  `json:"language"`
	Confidence float64 `json:"confidence"`
	Text       string  `json:"text"`
	CreatedAt  int64   `json:"created_at"`
}

// MediaTranscript returns the newest transcript of a media item.
func (c *Client) MediaTranscript(ctx context.Context, id int64) (Transcript, error) {
	var t Transcript
	err := c.Do(ctx, http.MethodGet, fmt.Sprintf("/api/v1/media/%d/transcript", id), nil, &t)
	return t, err
}
