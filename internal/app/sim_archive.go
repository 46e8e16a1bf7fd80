package app

import (
	"log/slog"

	"wecomadmin/internal/wecomsim"
)

// attachArchive mounts the archive simulator (internal/wecomsim/archivesim,
// branch archive) onto s, reading s.Options().KeysDir and ArchiveFile. Until
// that work lands nothing consumes --keys and --archive; say so.
func attachArchive(s *wecomsim.Server, log *slog.Logger) error {
	o := s.Options()
	if o.KeysDir != "" || o.ArchiveFile != "" {
		log.Warn("archive simulator not included yet: --keys and --archive are accepted but nothing consumes them",
			"keys_dir", o.KeysDir, "archive_file", o.ArchiveFile)
	}
	return nil
}
