package main

import (
	"flag"
	"fmt"
	"time"

	"wecomadmin/internal/wecomsim"
)

// simKinds are the simulator flags that give each secret kind its own
// secret and settings, so Tencent's 2022 rules apply per secret.
type simKinds struct {
	contacts, app, customer *string
	archive                 *[]string // repeatable: one per caller to tell apart
	appCreated              *string
	syncLegacyIP            *bool
	legacy                  *bool
}

func simKindFlags(fs *flag.FlagSet) simKinds {
	return simKinds{
		contacts:     fs.String("contacts-secret", "", "secret of the contacts-sync (通讯录同步) kind; from a post-2022-08-15 IP it may not read members (48009)"),
		app:          fs.String("app-secret", "", "secret of the self-built app kind"),
		archive:      repeated(fs, "archive-secret", "secret of the conversation-archive kind (a base app: no mobile or email); repeat for several, e.g. one per portal replica, whose pulls /sim/archive/pulls counts apart"),
		customer:     fs.String("customer-contact-secret", "", "secret of the customer-contact kind (a base app: no mobile or email)"),
		appCreated:   fs.String("app-created", "", "creation date (YYYY-MM-DD) of the app behind --app-secret; before 2022-06-20 it reads mobile and email"),
		syncLegacyIP: fs.Bool("contacts-legacy-ip", false, "the --contacts-secret caller's IP predates 2022-08-15, so member reads still work"),
		legacy:       fs.Bool("legacy-app-fields", false, "behave as before 2022: every app and sync secret reads mobile and email, callbacks carry them"),
	}
}

// profiles turns the flags into the simulator's per-secret settings.
func (k simKinds) profiles() (map[string]wecomsim.SecretProfile, error) {
	out := map[string]wecomsim.SecretProfile{}
	var created time.Time
	if *k.appCreated != "" {
		t, err := time.Parse(time.DateOnly, *k.appCreated)
		if err != nil {
			return nil, fmt.Errorf("sim: --app-created %q: want YYYY-MM-DD", *k.appCreated)
		}
		created = t
	}
	type given struct {
		secret string
		p      wecomsim.SecretProfile
	}
	all := []given{
		{*k.contacts, wecomsim.SecretProfile{Kind: wecomsim.KindContacts, LegacyIP: *k.syncLegacyIP}},
		{*k.app, wecomsim.SecretProfile{Kind: wecomsim.KindApp, AppCreated: created}},
		{*k.customer, wecomsim.SecretProfile{Kind: wecomsim.KindCustomerContact}},
	}
	for _, s := range *k.archive {
		all = append(all, given{s, wecomsim.SecretProfile{Kind: wecomsim.KindArchive}})
	}
	for _, e := range all {
		if e.secret == "" {
			continue
		}
		if _, dup := out[e.secret]; dup {
			return nil, fmt.Errorf("sim: the same secret is given twice; each kind (and each archive caller) needs its own")
		}
		out[e.secret] = e.p
	}
	return out, nil
}

// repeated is a string flag that may be given several times.
func repeated(fs *flag.FlagSet, name, usage string) *[]string {
	var out []string
	fs.Func(name, usage, func(v string) error {
		if v == "" {
			return fmt.Errorf("empty value")
		}
		out = append(out, v)
		return nil
	})
	return &out
}
