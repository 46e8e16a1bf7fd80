package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/status"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func TestJobsAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "ww1", "main")
		r := jobs.New(st, jobs.Options{})
		r.Every("retention", time.Hour, func(context.Context) error { return nil })
		// Not started: jobs stay where the test puts them.
		var ids []int64
		for i := range 3 {
			id, err := r.Enqueue(ctx, jobs.NewJob{Kind: "media.download", CorpID: "ww1", Payload: map[string]int{"n": i}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		// Make the last one dead.
		j, err := st.ClaimJob(ctx, store.ClaimRequest{Owner: "w", Kinds: []string{"media.download"}, Lease: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.FailJob(ctx, j.ID, "w", store.JobFailure{Error: "md5 mismatch", Permanent: true}); err != nil {
			t.Fatal(err)
		}
		dead := j.ID
		authn := tokenAuth{
			"admin":   {Name: "a", Grants: []auth.Grant{{Role: auth.RoleAdmin}}},
			"auditor": {Name: "au", Grants: []auth.Grant{{Role: auth.RoleAuditor}}},
		}
		h := New(Deps{Auth: authn, Jobs: r, Status: status.New(st, "test")}).Handler()
		cases := []struct {
			token, method, path string
			status              int
			body                string
		}{
			{"", "GET", "/api/v1/jobs", 401, `"unauthenticated"`},
			{"auditor", "GET", "/api/v1/jobs?kind=media.download&corp=ww1", 200, `"kind":"media.download"`},
			{"auditor", "GET", "/api/v1/jobs?state=dead", 200, `"last_error":"md5 mismatch"`},
			{"auditor", "GET", "/api/v1/jobs?state=bogus", 422, `"validation_failed"`},
			{"auditor", "GET", "/api/v1/jobs?limit=0", 400, `"bad_request"`},
			{"auditor", "GET", "/api/v1/jobs?limit=2", 200, fmt.Sprintf(`"next_cursor":"%d"`, ids[1])},
			{"auditor", "GET", fmt.Sprintf("/api/v1/jobs?limit=2&cursor=%d", ids[1]), 200, `"next_cursor":""`},
			{"auditor", "GET", fmt.Sprintf("/api/v1/jobs/%d", ids[1]), 200, `"payload":{"n":1}`},
			{"auditor", "GET", "/api/v1/jobs/999999", 404, `"not_found"`},
			{"auditor", "GET", "/api/v1/jobs/abc", 400, `"bad_request"`},
			{"auditor", "POST", fmt.Sprintf("/api/v1/jobs/%d/retry", dead), 403, `"forbidden"`},
			{"admin", "POST", fmt.Sprintf("/api/v1/jobs/%d/retry", dead), 200, `"state":"queued"`},
			{"admin", "POST", fmt.Sprintf("/api/v1/jobs/%d/retry", dead), 409, `"conflict"`},
			{"admin", "POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", ids[1]), 200, `"state":"cancelled"`},
			{"admin", "POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", ids[1]), 409, `"conflict"`},
			{"auditor", "GET", "/api/v1/jobs/periodic", 200, `"name":"retention","kind":"periodic:retention","interval_seconds":3600`},
			{"auditor", "POST", "/api/v1/jobs/periodic/retention/run", 403, `"forbidden"`},
			{"admin", "POST", "/api/v1/jobs/periodic/retention/run", 202, `"job_id":`},
			{"admin", "POST", "/api/v1/jobs/periodic/nope/run", 404, `"not_found"`},
			{"admin", "GET", "/api/v1/status", 200, `"jobs":{"media.download":{`},
		}
		for _, c := range cases {
			req := httptest.NewRequest(c.method, c.path, nil)
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.body) {
				t.Errorf("%s %s as %q: %d %s; want %d containing %s", c.method, c.path, c.token, rec.Code, rec.Body.String(), c.status, c.body)
			}
		}
		// The periodic list shows the run-now job as its last run.
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/v1/jobs/periodic", nil)
		req.Header.Set("Authorization", "Bearer admin")
		h.ServeHTTP(rec, req)
		var body struct {
			Data struct {
				Items []struct {
					LastRun *struct{ State string } `json:"last_run"`
				} `json:"items"`
			} `json:"data"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Data.Items) != 1 ||
			body.Data.Items[0].LastRun == nil || body.Data.Items[0].LastRun.State != "queued" {
			t.Errorf("periodic after run now: %s", rec.Body.String())
		}
	})
}

func TestJobsAPIUnavailableWithoutService(t *testing.T) {
	t.Parallel()
	h := New(Deps{Auth: tokenAuth{"admin": {Grants: []auth.Grant{{Role: auth.RoleAdmin}}}}}).Handler()
	for _, p := range []string{"GET /api/v1/jobs", "GET /api/v1/jobs/1", "POST /api/v1/jobs/1/retry", "GET /api/v1/jobs/periodic"} {
		m, path, _ := strings.Cut(p, " ")
		req := httptest.NewRequest(m, path, nil)
		req.Header.Set("Authorization", "Bearer admin")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 503 {
			t.Errorf("%s: %d; want 503", p, rec.Code)
		}
	}
}

func TestJobEventsStreamUntilFinished(t *testing.T) {
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	ctx := context.Background()
	r := jobs.New(b.Store, jobs.Options{})
	id, err := r.Enqueue(ctx, jobs.NewJob{Kind: "export.csv"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(Deps{Auth: tokenAuth{"auditor": {Grants: []auth.Grant{{Role: auth.RoleAuditor}}}}, Jobs: r}).Handler())
	defer srv.Close()
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/jobs/%d/events", srv.URL, id), nil)
	req.Header.Set("Authorization", "Bearer auditor")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	// Read the stream in the background; cancel only once it has shown the
	// queued state, so the test never races the stream's first poll.
	var (
		mu      sync.Mutex
		body    strings.Builder
		queued  = make(chan struct{})
		done    = make(chan struct{})
		sawOnce sync.Once
	)
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			mu.Lock()
			body.Write(buf[:n])
			if strings.Contains(body.String(), `"state":"queued"`) {
				sawOnce.Do(func() { close(queued) })
			}
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	select {
	case <-queued:
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("stream did not show the queued job")
	}
	if _, err := r.CancelJob(ctx, id); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("stream did not end when the job was cancelled")
	}
	mu.Lock()
	got := body.String()
	mu.Unlock()
	for _, want := range []string{"event: job\ndata: {", `"state":"queued"`, `"state":"cancelled"`, "event: end"} {
		if !strings.Contains(got, want) {
			t.Errorf("stream lacks %q:\n%s", want, got)
		}
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("content type %q", ct)
	}
}
