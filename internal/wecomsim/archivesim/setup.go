package archivesim

import (
	"fmt"
	"time"
)

// SetupOptions are the `wecomadmin sim` flags the archive uses.
type SetupOptions struct {
	KeysDir     string   // --keys DIR: v<N>.pem, created if absent, reused if present ("" = in memory)
	KeyVersions int      // live publickey_ver count (default 2)
	ArchiveFile string   // --archive FILE: JSONL of decrypted messages ("" = generate)
	Seed        uint64   // --seed
	Messages    int      // generated messages (default 300)
	Employees   []string // sim directory userids, when known
	Contacts    []string // sim directory external_userids, when known
	Rooms       []Room   // sim directory group chats to talk in
	Span        time.Duration
	Config      Config    // corp id, secret, faults
	Start       time.Time // first generated message's time (zero: a fixed date, for reproducible tests)
}

// Setup builds the simulator's archive server: keys from KeysDir, messages
// from ArchiveFile or the generator. The simulator core mounts it with
// srv.Register(simServer.Mount).
func Setup(o SetupOptions) (*Server, []Truth, error) {
	if o.KeyVersions <= 0 {
		o.KeyVersions = 2
	}
	var keys *KeyRing
	var err error
	if o.KeysDir != "" {
		keys, err = LoadKeyDir(o.KeysDir, o.KeyVersions)
	} else {
		keys, err = NewKeyRing(o.KeyVersions)
	}
	if err != nil {
		return nil, nil, err
	}
	if o.ArchiveFile != "" {
		vers := keys.Versions()
		a, err := LoadJSONL(o.ArchiveFile, keys, vers[len(vers)-1])
		if err != nil {
			return nil, nil, fmt.Errorf("archivesim: --archive: %w", err)
		}
		return NewServer(a, o.Config), nil, nil
	}
	a, truth := Generate(keys, Options{Seed: o.Seed, Messages: o.Messages, Employees: o.Employees,
		Contacts: o.Contacts, Rooms: o.Rooms, Span: o.Span, KeyVersions: o.KeyVersions, Start: o.Start,
		Monitoring: DefaultMonitoringRate})
	return NewServer(a, o.Config), truth, nil
}
