package config

import (
	"strings"
	"testing"
)

func TestDBReadValidateAndDSN(t *testing.T) {
	for _, tc := range []struct {
		name       string
		db, dbRead string
		want       string
	}{
		{"unset on sqlite", "sqlite:./x.db", "", ""},
		{"unset on postgres", "postgres://app@db/w", "", ""},
		{"replica on postgres", "postgres://app@db/w", "postgres://app@replica/w", ""},
		{"replica on sqlite", "sqlite:./x.db", "postgres://app@replica/w", "needs a postgres:// db"},
		{"replica not postgres", "postgres://app@db/w", "sqlite:./y.db", "db_read: must be postgres"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Defaults()
			c.DB, c.DBRead = tc.db, tc.dbRead
			err := c.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
	c := Defaults()
	c.DB, c.DBRead = "postgres://app@db/w", "postgres://app@replica:5432/w?sslmode=require"
	c.DBPassword = NewSecret("p@ss")
	if dsn, err := c.ReadDSN(); err != nil || dsn != "postgres://app:p%40ss@replica:5432/w?sslmode=require" {
		t.Fatalf("ReadDSN = %q, %v", dsn, err)
	}
	c.DBRead = ""
	if dsn, err := c.ReadDSN(); err != nil || dsn != "" {
		t.Fatalf("ReadDSN unset = %q, %v", dsn, err)
	}
}

func TestDBReadFromEnvironment(t *testing.T) {
	c := Defaults()
	if err := applyEnv(&c, []string{"WECOMADMIN_DB_READ=postgres://r@replica/w"}); err != nil {
		t.Fatal(err)
	}
	if c.DBRead != "postgres://r@replica/w" {
		t.Fatalf("DBRead = %q", c.DBRead)
	}
}
