package wecomsim

import (
	"fmt"
	"log/slog"
	"time"

	"wecomadmin/internal/wecomsim/archivesim"
)

// attachArchive mounts the archive simulator on s: its RSA keys in
// Options.KeysDir (v<N>.pem, created if absent so a portal can be given the
// same keys), messages from Options.ArchiveFile or generated between the
// simulator's own members and external contacts.
func attachArchive(s *Server, log *slog.Logger) error {
	o := s.Options()
	d := s.Directory()
	emps, contacts := archiveParties(d)
	start := time.Now().UTC().Add(-14 * 24 * time.Hour).Truncate(time.Hour)
	arch, _, err := archivesim.Setup(archivesim.SetupOptions{
		KeysDir: o.KeysDir, ArchiveFile: o.ArchiveFile, Seed: uint64(o.Seed), Messages: o.ArchiveMessages,
		Employees: emps, Contacts: contacts, Rooms: archiveRooms(d),
		Config: archivesim.Config{CorpID: o.CorpID, Secret: o.Secret, Also: archiveSecrets(o), Faults: s.Faults()},
		// Two weeks of conversations ending about now, so the portal's lag
		// and per-day charts look like a live corp.
		Start: start,
		Span:  time.Since(start) - 5*time.Minute,
	})
	if err != nil {
		return fmt.Errorf("wecomsim: archive: %w", err)
	}
	arch.Register(s.Mount)
	attachSpeech(s, arch.Archive(), log)
	log.Info("archive simulator attached", "keys_dir", o.KeysDir, "archive_file", o.ArchiveFile)
	return nil
}

// demoArchiveChats is how many customer relationships the generated
// conversations cover: a fortnight's worth for one small team, so each 1:1 chat and the
// customer groups hold several messages rather than one each.
const demoArchiveChats = 48

// archiveParties picks real relationships from the directory: the
// generator pairs Employees[i] with Contacts[i], so each 1:1 chat is an
// employee talking to one of their own customers.
func archiveParties(d *Directory) (emps, contacts []string) {
	active := map[string]bool{}
	for _, u := range d.Users() {
		if u.Status == 1 {
			active[u.UserID] = true
		}
	}
	seen, perEmployee := map[string]bool{}, map[string]int{}
	for _, f := range d.Follows() {
		// At most two customers each, so the day spreads over many representatives.
		if !active[f.UserID] || seen[f.ExternalUserID] || perEmployee[f.UserID] == 2 {
			continue
		}
		seen[f.ExternalUserID] = true
		perEmployee[f.UserID]++
		emps, contacts = append(emps, f.UserID), append(contacts, f.ExternalUserID)
		if len(contacts) == demoArchiveChats {
			break
		}
	}
	return emps, contacts
}

// archiveRooms is the directory's first customer groups, members in the
// generator's order (the owner, employees, then customers).
func archiveRooms(d *Directory) []archivesim.Room {
	var out []archivesim.Room
	for _, c := range d.GroupChats() {
		if c.Internal || c.Dismissed || len(out) == 4 {
			continue
		}
		r := archivesim.Room{ID: c.ChatID, Name: c.Name, Members: []string{c.Owner}}
		var customers []string
		for _, m := range c.Members {
			switch {
			case m.UserID == c.Owner:
			case m.Type == 1:
				r.Members = append(r.Members, m.UserID)
			default:
				customers = append(customers, m.UserID)
			}
		}
		r.Members = append(r.Members, customers...)
		out = append(out, r)
	}
	return out
}

// archiveSecrets are the simulator's archive-kind secrets, which the
// Finance SDK stand-in accepts beside the default secret.
func archiveSecrets(o Options) []string {
	var out []string
	for sec, p := range o.Secrets {
		if p.Kind == KindArchive {
			out = append(out, sec)
		}
	}
	return out
}
