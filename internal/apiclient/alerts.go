package apiclient

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"wecomadmin/internal/monitor"
	"wecomadmin/internal/monitor/detect"
)

// The client reads the server's own view types (the monitor package owns
// them; it does not import this client), with the hits decoded.

// AlertHit is one piece of detector evidence.
type AlertHit = detect.Hit

// Alert is a monitoring alert as the queue lists it (times in Unix ms).
type Alert struct {
	monitor.Item
	Hits []AlertHit `json:"hits"` // the Item's raw hits, decoded
}

// AlertDetail is an alert with its text, conversation context, notes,
// history and approvals.
type AlertDetail struct {
	monitor.Detail
	Hits []AlertHit `json:"hits"`
}

// AlertPage is one page of the queue.
type AlertPage struct {
	Items      []Alert `json:"items"`
	NextCursor string  `json:"next_cursor"`
}

// AlertQuery filters the queue (empty fields are not sent).
type AlertQuery struct {
	Corp, Label, State, Severity, Assignee, Employee, Department, Product string
	Overdue, QCSample                                                     *bool
	Limit                                                                 int
	Cursor                                                                string
}

func (q AlertQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"corp": q.Corp, "label": q.Label, "state": q.State, "severity": q.Severity,
		"assignee": q.Assignee, "employee": q.Employee, "department": q.Department, "product": q.Product, "cursor": q.Cursor} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if q.Overdue != nil {
		v.Set("overdue", strconv.FormatBool(*q.Overdue))
	}
	if q.QCSample != nil {
		v.Set("qc", strconv.FormatBool(*q.QCSample))
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v
}

// Alerts lists the queue.
func (c *Client) Alerts(ctx context.Context, q AlertQuery) (AlertPage, error) {
	var p AlertPage
	err := c.Do(ctx, http.MethodGet, "/api/v1/alerts?"+q.values().Encode(), nil, &p)
	return p, err
}

// Alert returns one alert with its context.
func (c *Client) Alert(ctx context.Context, id int64) (AlertDetail, error) {
	var d AlertDetail
	err := c.Do(ctx, http.MethodGet, fmt.Sprintf("/api/v1/alerts/%d", id), nil, &d)
	return d, err
}

func (c *Client) alertAction(ctx context.Context, id int64, action string, body any) (AlertDetail, error) {
	var d AlertDetail
	err := c.Do(ctx, http.MethodPost, fmt.Sprintf("/api/v1/alerts/%d/%s", id, action), body, &d)
	return d, err
}

// AssignAlert gives an alert to an admin ("" unassigns).
func (c *Client) AssignAlert(ctx context.Context, id int64, assignee string) (AlertDetail, error) {
	return c.alertAction(ctx, id, "assign", map[string]string{"assignee": assignee})
}

// Disposition is a reviewer's decision on an alert.
type Disposition struct {
	Disposition string `json:"disposition"`
	CaseNumber  string `json:"case_number,omitempty"`
	Note        string `json:"note,omitempty"`
}

// DispositionAlert decides an alert (ae_reported needs CaseNumber).
func (c *Client) DispositionAlert(ctx context.Context, id int64, d Disposition) (AlertDetail, error) {
	return c.alertAction(ctx, id, "disposition", d)
}

// NoteAlert adds a note.
func (c *Client) NoteAlert(ctx context.Context, id int64, text string) (AlertDetail, error) {
	return c.alertAction(ctx, id, "notes", map[string]string{"text": text})
}

// ApproveAlert is the second person's approval of a disposition.
func (c *Client) ApproveAlert(ctx context.Context, id int64, note string) (AlertDetail, error) {
	return c.alertAction(ctx, id, "approve", map[string]string{"note": note})
}

// BulkResult is one alert's outcome in a bulk disposition.
type BulkResult = monitor.BulkResult

// BulkDisposition gives many alerts the same disposition.
func (c *Client) BulkDisposition(ctx context.Context, ids []int64, d Disposition) ([]BulkResult, error) {
	body := struct {
		IDs []int64 `json:"ids"`
		Disposition
	}{ids, d}
	var out struct {
		Items []BulkResult `json:"items"`
	}
	err := c.Do(ctx, http.MethodPost, "/api/v1/alerts/bulk", body, &out)
	return out.Items, err
}

// AlertIntake downloads an alert's AE intake record ("json" or "csv").
func (c *Client) AlertIntake(ctx context.Context, id int64, format string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		fmt.Sprintf("%s/api/v1/alerts/%d/intake?format=%s", c.base, id, url.QueryEscape(format)), nil)
	if err != nil {
		return nil, fmt.Errorf("apiclient: %w", err)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("apiclient: intake %d: %w", id, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("apiclient: intake %d: %w", id, err)
	}
	if resp.StatusCode >= 400 {
		var env struct {
			Error Error `json:"error"`
		}
		_ = json.Unmarshal(body, &env)
		env.Error.Status = resp.StatusCode
		return nil, &env.Error
	}
	return body, nil
}

// MonitoringSettings are a corp's monitoring settings.
type MonitoringSettings = monitor.Settings

// MonitoringSettings returns a corp's settings.
func (c *Client) MonitoringSettings(ctx context.Context, corp string) (MonitoringSettings, error) {
	var s MonitoringSettings
	err := c.Do(ctx, http.MethodGet, "/api/v1/monitoring/settings?corp="+url.QueryEscape(corp), nil, &s)
	return s, err
}

// SetMonitoringSettings saves a corp's settings.
func (c *Client) SetMonitoringSettings(ctx context.Context, corp string, s MonitoringSettings) (MonitoringSettings, error) {
	var out MonitoringSettings
	err := c.Do(ctx, http.MethodPut, "/api/v1/monitoring/settings?corp="+url.QueryEscape(corp), s, &out)
	return out, err
}

// MonitoringDocument is a version of a corp's catalog or policy.
type MonitoringDocument = monitor.Document

// Products returns a corp's product catalog in force.
func (c *Client) Products(ctx context.Context, corp string) (MonitoringDocument, error) {
	var d MonitoringDocument
	err := c.Do(ctx, http.MethodGet, "/api/v1/monitoring/products?corp="+url.QueryEscape(corp), nil, &d)
	return d, err
}

// SetProducts saves a catalog given as a JSON value (the products.yaml schema).
func (c *Client) SetProducts(ctx context.Context, corp string, catalog any) (MonitoringDocument, error) {
	var d MonitoringDocument
	err := c.Do(ctx, http.MethodPut, "/api/v1/monitoring/products?corp="+url.QueryEscape(corp), catalog, &d)
	return d, err
}

// StartMonitoringRun starts a retroactive run; follow it as a job.
func (c *Client) StartMonitoringRun(ctx context.Context, corp string) (int64, error) {
	var out struct {
		JobID int64 `json:"job_id"`
	}
	err := c.Do(ctx, http.MethodPost, "/api/v1/monitoring/runs", map[string]string{"corp": corp}, &out)
	return out.JobID, err
}
