package config

import (
	"fmt"
	"net/url"
	"strings"
)

// DSN is the db setting with db_password (resolved, possibly from Key
// Vault) put into a PostgreSQL URL. Never log the result.
func (c Config) DSN() (string, error) {
	if !c.DBPassword.IsSet() {
		return c.DB, nil
	}
	if !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		return "", fmt.Errorf("config: db_password: only a postgres:// db takes a password")
	}
	pw, err := c.DBPassword.Resolve()
	if err != nil {
		return "", fmt.Errorf("config: db_password: %w", err)
	}
	u, err := url.Parse(c.DB)
	if err != nil {
		return "", fmt.Errorf("config: db: not a URL")
	}
	user := "postgres"
	if u.User != nil {
		user = u.User.Username()
	}
	u.User = url.UserPassword(user, pw)
	return u.String(), nil
}
