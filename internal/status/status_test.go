package status

import (
	"context"
	"testing"
	"time"

	"wecomadmin/internal/store"
)

type fakeSource struct{}

func (fakeSource) StatusCounts(context.Context) ([]store.CorpCounts, error) {
	return []store.CorpCounts{{CorpID: "ww1", Key: "main", CursorSeq: 10, LastMessageAt: 1_000_000,
		MessagesByType: map[string]int64{"text": 3}, MediaByState: map[string]int64{}}}, nil
}

func (fakeSource) MessagesPerDay(context.Context, string, int64) ([]store.DayCount, error) {
	return []store.DayCount{{Day: 20000, MsgType: "text", Count: 2}, {Day: 20000, MsgType: "voice", Count: 1}, {Day: 20001, MsgType: "text", Count: 5}}, nil
}

func (fakeSource) JobCounts(context.Context) ([]store.JobCount, error) {
	return []store.JobCount{{Kind: "media.download", State: "queued", N: 2}, {Kind: "media.download", State: "dead", N: 1}}, nil
}

func TestReport(t *testing.T) {
	t.Parallel()
	s := New(fakeSource{}, "v1", Check{Name: "ffmpeg", Probe: func(context.Context) Health { return Health{State: "ok"} }},
		Check{Name: "clamd", Probe: func(ctx context.Context) Health { <-ctx.Done(); return Health{State: "down", Detail: "timeout"} }})
	s.now = func() time.Time { return time.UnixMilli(1_060_000) }
	s.timeout = 50 * time.Millisecond
	r, err := s.Report(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.Corps[0].Ingest.Cursor != 10 || *r.Corps[0].Ingest.LagSeconds != 60 {
		t.Fatalf("ingest = %+v", r.Corps[0].Ingest)
	}
	if d := r.Corps[0].MessagesPerDay; len(d) != 2 || d[0].Day != "2024-10-04" || d[0].Counts["voice"] != 1 || d[1].Counts["text"] != 5 {
		t.Fatalf("per day = %+v", d)
	}
	if r.Jobs["media.download"]["queued"] != 2 || r.Jobs["media.download"]["dead"] != 1 {
		t.Fatalf("jobs = %+v", r.Jobs)
	}
	if r.Components["ffmpeg"].State != "ok" || r.Components["clamd"].State != "down" || r.Components["blob"].State != "disabled" {
		t.Fatalf("components = %+v", r.Components)
	}
}
