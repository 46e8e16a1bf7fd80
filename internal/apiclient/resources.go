package apiclient

import (
	"context"
	"net/http"
	"time"
)

// Me is the signed-in caller.
type Me struct {
	User struct {
		ID          int64  `json:"id"`
		Username    string `json:"username"`
		DisplayName string `json:"display_name"`
	} `json:"user"`
	Roles []struct {
		Role        string   `json:"role"`
		CorpID      string   `json:"corp_id"`
		Departments []string `json:"departments"`
	} `json:"roles"`
	Permissions []string `json:"permissions"`
	CSRFToken   string   `json:"csrf_token"`
}

// Login signs in with a local account and keeps the session.
func (c *Client) Login(ctx context.Context, username, password, totp string) (Me, error) {
	var me Me
	err := c.Do(ctx, http.MethodPost, "/api/v1/auth/login", map[string]string{"username": username, "password": password, "totp": totp}, &me)
	if err == nil {
		c.csrf = me.CSRFToken
	}
	return me, err
}

// Me returns the signed-in caller.
func (c *Client) Me(ctx context.Context) (Me, error) {
	var me Me
	err := c.Do(ctx, http.MethodGet, "/api/v1/auth/me", nil, &me)
	return me, err
}

// Logout ends the session.
func (c *Client) Logout(ctx context.Context) error {
	return c.Do(ctx, http.MethodPost, "/api/v1/auth/logout", nil, nil)
}

// Status is GET /api/v1/status.
type Status struct {
	Version string    `json:"version"`
	Time    time.Time `json:"time"`
	Corps   []struct {
		CorpID string `json:"corp_id"`
		Key    string `json:"key"`
		Name   string `json:"name"`
		Ingest struct {
			Cursor     int64    `json:"cursor"`
			LagSeconds *float64 `json:"lag_seconds"`
			LastError  string   `json:"last_error"`
		} `json:"ingest"`
		MessagesByType map[string]int64 `json:"messages_by_type"`
		MediaByState   map[string]int64 `json:"media_by_state"`
	} `json:"corps"`
	Jobs       map[string]map[string]int64 `json:"jobs"`
	Components map[string]struct {
		State  string `json:"status"`
		Detail string `json:"detail"`
	} `json:"health"`
}

// Status reads the operational status.
func (c *Client) Status(ctx context.Context) (Status, error) {
	var s Status
	err := c.Do(ctx, http.MethodGet, "/api/v1/status", nil, &s)
	return s, err
}

// AuditVerification is GET /api/v1/audit/verify.
type AuditVerification struct {
	Intact        bool   `json:"intact"`
	Checked       int64  `json:"checked"`
	FirstBrokenID *int64 `json:"first_broken_id"`
	Reason        string `json:"reason"`
}

// VerifyAudit walks the audit chain.
func (c *Client) VerifyAudit(ctx context.Context) (AuditVerification, error) {
	var v AuditVerification
	err := c.Do(ctx, http.MethodGet, "/api/v1/audit/verify", nil, &v)
	return v, err
}
