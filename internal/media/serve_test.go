package media_test

import (
	"errors"
	"testing"
	"time"

	"wecomadmin/internal/media"
)

// The scan gate: with a scanner configured only a file it passed is served,
// whatever the corp's allow_unscanned says; without one, allow_unscanned
// serves files flagged unscanned, and otherwise nothing unscanned is served.
func TestServeState(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		scanner     bool
		allow       bool
		quarantined bool
		scan        string
		stored      bool
		want        string
	}{
		{"clean", true, false, false, "clean", true, media.ServeOK},
		{"scanner on, not scanned yet, corp allows unscanned", true, true, false, "", true, media.ServeScanWait},
		{"scanner on, clamd was down", true, true, false, "unscanned", true, media.ServeScanWait},
		{"scanner on, scan error", true, false, false, "error", true, media.ServeScanWait},
		{"infected", true, true, true, "infected", true, media.ServeBlocked},
		{"infected flag without quarantine", false, true, false, "infected", true, media.ServeBlocked},
		{"not downloaded", true, true, false, "", false, media.ServeNotReady},
		{"scanning off, corp allows", false, true, false, "unscanned", true, media.ServeUnscanned},
		{"scanning off, corp does not allow", false, false, false, "unscanned", true, media.ServeScanOff},
		{"scanning off, clean from an earlier scan", false, false, false, "clean", true, media.ServeOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := media.Deps{Corp: func(string) media.CorpSettings { return media.CorpSettings{AllowUnscanned: c.allow} }}
			if c.scanner {
				d.Scanner = &downScanner{}
			}
			svc := media.New(d, media.Options{})
			if got := svc.ServeState(testCorp, c.quarantined, c.scan, c.stored); got != c.want {
				t.Fatalf("ServeState = %q, want %q", got, c.want)
			}
		})
	}
}

// A corp that allows unscanned files (as the demo's does) still gets none
// served while clamd is configured but down: the status page's promise that
// scanning protects files holds; the denial is audited.
func TestScannerDownServesNothingUnscanned(t *testing.T) {
	t.Parallel()
	s := newSim(t, nil)
	r := newRig(t, rigOpts{src: simSource(s), deps: func(d *media.Deps) {
		d.Scanner = &downScanner{}
		d.Corp = func(string) media.CorpSettings { return media.CorpSettings{AllowUnscanned: true} }
	}})
	r.enqueue(t, "m1", "alice", s.add("doc", "file", "a.pdf", []byte("%PDF-1.4 x")))
	r.start()
	r.wait(t, 3*time.Minute)
	m := r.all(t)[0]
	if m.State != media.StateUnscanned {
		t.Fatalf("state %q", m.State)
	}
	for _, v := range []media.Variant{media.Original, media.Playable, media.Thumbnail} {
		if _, err := r.svc.Open(adminCtx(), m.ID, v, ""); !errors.Is(err, media.ErrUnscanned) {
			t.Fatalf("variant %d: open = %v, want ErrUnscanned", v, err)
		}
	}
	if got := r.audit.actions(); len(got) == 0 || got[len(got)-1] != "media.play:denied:media: not scanned clean yet" {
		t.Fatalf("audit %v", got)
	}
}
