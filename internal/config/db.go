package config

import (
	"fmt"
	"net/url"
	"strings"
)

// DSN is the db setting with db_password (resolved, possibly from Key
// Vault) put into a PostgreSQL URL. Never log the result.
func (c Config) DSN() (string, error) {
	return c.withPassword("db", c.DB)
}

// ReadDSN is db_read with db_password put in the same way ("" when no read
// replica is configured): a replica of the primary has the same roles, so
// one password serves both. Never log the result.
func (c Config) ReadDSN() (string, error) {
	if c.DBRead == "" {
		return "", nil
	}
	return c.withPassword("db_read", c.DBRead)
}

func isPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func (c Config) withPassword(key, dsn string) (string, error) {
	if !c.DBPassword.IsSet() {
		return dsn, nil
	}
	if !isPostgresDSN(dsn) {
		return "", fmt.Errorf("config: db_password: only a postgres:// %s takes a password", key)
	}
	pw, err := c.DBPassword.Resolve()
	if err != nil {
		return "", fmt.Errorf("config: db_password: %w", err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("config: %s: not a URL", key)
	}
	user := "postgres"
	if u.User != nil {
		user = u.User.Username()
	}
	u.User = url.UserPassword(user, pw)
	return u.String(), nil
}
