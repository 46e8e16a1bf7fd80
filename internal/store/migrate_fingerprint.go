package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
)

// MigrationsFingerprint is a hash of the goose files this binary applies
// on dialect d (names and rendered text). Test harnesses key a migrated
// template database by it, so a changed or added migration, or a change in
// how they are rendered, never reuses a template migrated by another build.
func MigrationsFingerprint(d Dialect) (string, error) {
	src, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return "", err
	}
	rendered, err := renderMigrations(src, d)
	if err != nil {
		return "", fmt.Errorf("store: migrations fingerprint: %w", err)
	}
	names := make([]string, 0, len(rendered))
	for name := range rendered {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(rendered[name].Data))
		h.Write(rendered[name].Data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
