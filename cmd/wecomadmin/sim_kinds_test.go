package main

import (
	"flag"
	"io"
	"testing"

	"wecomadmin/internal/wecomsim"
)

func TestSimKindFlags(t *testing.T) {
	cases := []struct {
		args    []string
		wantErr bool
		check   func(map[string]wecomsim.SecretProfile) bool
	}{
		{nil, false, func(m map[string]wecomsim.SecretProfile) bool { return len(m) == 0 }},
		{[]string{"--contacts-secret", "c", "--app-secret", "a", "--app-created", "2021-05-01"}, false,
			func(m map[string]wecomsim.SecretProfile) bool {
				return m["c"].Kind == wecomsim.KindContacts && !m["c"].LegacyIP && m["a"].Kind == wecomsim.KindApp &&
					m["a"].AppCreated.Year() == 2021
			}},
		{[]string{"--contacts-secret", "c", "--contacts-legacy-ip"}, false,
			func(m map[string]wecomsim.SecretProfile) bool { return m["c"].LegacyIP }},
		{[]string{"--app-secret", "a", "--app-created", "May 2021"}, true, nil},
		{[]string{"--app-secret", "x", "--archive-secret", "x"}, true, nil},
		{[]string{"--archive-secret", "r1", "--archive-secret", "r2"}, false,
			func(m map[string]wecomsim.SecretProfile) bool {
				return len(m) == 2 && m["r1"].Kind == wecomsim.KindArchive && m["r2"].Kind == wecomsim.KindArchive
			}},
		{[]string{"--archive-secret", "r1", "--archive-secret", "r1"}, true, nil},
	}
	for _, c := range cases {
		fs := flag.NewFlagSet("sim", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		k := simKindFlags(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		m, err := k.profiles()
		if (err != nil) != c.wantErr {
			t.Fatalf("%v: err %v", c.args, err)
		}
		if err == nil && !c.check(m) {
			t.Fatalf("%v: %+v", c.args, m)
		}
	}
}
