package store

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// openSQLite applies the one SQLite set-up the project uses: WAL, a busy
// timeout, foreign keys and synchronous=NORMAL on every connection.
func openSQLite(path string) (*sql.DB, error) {
	if path != ":memory:" && !strings.HasPrefix(path, "file:") {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
	}
	q := url.Values{}
	for _, p := range []string{
		"journal_mode(WAL)",
		"busy_timeout(10000)",
		"foreign_keys(ON)",
		"synchronous(NORMAL)",
		// Statement journals (every INSERT under foreign keys may abort, so
		// each keeps one) in memory, not a temp file written page by page:
		// it more than doubled the ingest rate.
		"temp_store(MEMORY)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	db, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(path, "file:")+sep+q.Encode())
	if err != nil {
		return nil, err
	}
	// SQLite has one writer; a small pool avoids busy-waiting between our own
	// connections while still letting reads run beside a write under WAL.
	db.SetMaxOpenConns(4)
	return db, nil
}
