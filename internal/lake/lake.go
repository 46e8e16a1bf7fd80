// Package lake is the incremental export of the archive to a data lake:
// per corp, messages (with parties, conversation, media and transcripts
// resolved), media, conversations, employees, external contacts,
// relationships, the audit trail, retention tombstones and monitoring
// alerts, as Parquet (and optionally JSONL) files on Blob in a Hive-style
// layout that Azure Data Factory and Spark read without code:
//
//	PREFIX/TABLE/corp=ID/date=YYYY-MM-DD/part-NNNNN.parquet
//	PREFIX/jsonl/TABLE/corp=ID/date=YYYY-MM-DD/part-NNNNN.jsonl
//	PREFIX/_runs/corp=ID/run=RUNID/_manifest.json   (written last)
//
// Exactly once: a run's window (from, to] of every table is fixed when it
// starts and stored with it; its watermarks are committed only after its
// manifest is written. A run that fails is resumed with the same window,
// run id and part numbers, after deleting what it had written, so a crash
// never leaves a gap or a duplicate.
package lake

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/blob"
	"wecomadmin/internal/store"
)

// The file formats.
const (
	FormatParquet = "parquet"
	FormatJSONL   = "jsonl"
)

// Options tune the export.
type Options struct {
	Prefix       string   // key prefix, "lake/" by default
	Formats      []string // parquet (default) and/or jsonl
	RowsPerFile  int64    // a part file is rolled at this many rows
	RowGroupRows int64    // Parquet row group size (rows)
	PageRows     int      // rows read from the store per query
	TempDir      string   // where part files are spooled before upload
	// StaleAfter is how long a run may show "running" before another
	// process takes it over (its process died without marking it failed).
	StaleAfter time.Duration
}

func (o *Options) defaults() {
	if o.Prefix == "" {
		o.Prefix = "lake/"
	}
	if len(o.Formats) == 0 {
		o.Formats = []string{FormatParquet}
	}
	if o.RowsPerFile <= 0 {
		o.RowsPerFile = 1_000_000
	}
	if o.RowGroupRows <= 0 {
		o.RowGroupRows = 128 * 1024
	}
	if o.PageRows <= 0 {
		o.PageRows = 2000
	}
	if o.StaleAfter <= 0 {
		o.StaleAfter = time.Hour
	}
	if o.TempDir == "" {
		o.TempDir = os.TempDir()
	}
}

// Service runs exports. out is the lake's bucket; media is the portal's
// own bucket, read when a corp exports media bytes (may be nil).
type Service struct {
	st     *store.Store
	out    blob.Bucket
	media  blob.Bucket
	audit  *audit.Recorder
	signer *audit.Signer
	log    *slog.Logger
	o      Options
	dest   Destination
	now    func() time.Time
	// failpoint, when set, is called at named points of a run; an error
	// aborts the run there (tests inject crashes with it).
	failpoint func(point string) error
}

// New builds the service.
func New(st *store.Store, out, media blob.Bucket, rec *audit.Recorder, log *slog.Logger, o Options) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	o.defaults()
	var signer *audit.Signer
	if rec != nil {
		signer = rec.Signer()
	}
	svc := &Service{st: st, out: out, media: media, audit: rec, signer: signer, log: log, o: o, now: time.Now}
	svc.Describe("", 0)
	return svc
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func (s *Service) dataKey(format, table, corpID, date string, part int64) string {
	root := s.o.Prefix
	if format != FormatParquet {
		root += format + "/"
	}
	return fmt.Sprintf("%s%s/corp=%s/date=%s/part-%05d.%s", root, table, corpID, date, part, format)
}

func (s *Service) manifestKey(corpID, runID string) string {
	return fmt.Sprintf("%s_runs/corp=%s/run=%s/_manifest.json", s.o.Prefix, corpID, runID)
}

func (s *Service) mediaKey(corpID, sha string) string {
	return fmt.Sprintf("%smedia/corp=%s/%s", s.o.Prefix, corpID, blob.ContentKey(sha))
}

func (s *Service) fail(point string) error {
	if s.failpoint == nil {
		return nil
	}
	return s.failpoint(point)
}

// day is the UTC date of a millisecond timestamp, the partition value.
func day(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02") }
