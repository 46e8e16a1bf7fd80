package app

import (
	"fmt"
	"log/slog"
	"time"

	"wecomadmin/internal/wecomsim"
	"wecomadmin/internal/wecomsim/archivesim"
)

// attachArchive mounts the archive simulator on s: its RSA keys in
// Options.KeysDir (v<N>.pem, created if absent so a portal can be given the
// same keys), messages from Options.ArchiveFile or generated between the
// simulator's own members and external contacts.
func attachArchive(s *wecomsim.Server, log *slog.Logger) error {
	o := s.Options()
	d := s.Directory()
	var emps, contacts []string
	for _, u := range d.Users() {
		if u.Status == 1 {
			emps = append(emps, u.UserID)
		}
	}
	for _, c := range d.ExternalContacts() {
		contacts = append(contacts, c.ExternalUserID)
	}
	arch, _, err := archivesim.Setup(archivesim.SetupOptions{
		KeysDir: o.KeysDir, ArchiveFile: o.ArchiveFile, Seed: uint64(o.Seed),
		Employees: emps, Contacts: contacts,
		Config: archivesim.Config{CorpID: o.CorpID, Secret: o.Secret, Faults: s.Faults()},
		// The generated day of conversations ends about now, so the portal's
		// lag and per-day charts look like a live corp.
		Start: time.Now().UTC().Add(-26 * time.Hour).Truncate(time.Hour),
	})
	if err != nil {
		return fmt.Errorf("wecomsim: archive: %w", err)
	}
	arch.Register(s.Mount)
	log.Info("archive simulator attached", "keys_dir", o.KeysDir, "archive_file", o.ArchiveFile)
	return nil
}
