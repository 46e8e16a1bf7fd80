package store

import "strings"

// isUniqueViolation recognises a unique-constraint failure on either store.
func isUniqueViolation(err error) bool {
	m := err.Error()
	return strings.Contains(m, "UNIQUE constraint failed") || strings.Contains(m, "SQLSTATE 23505")
}

// boolInt stores a bool as 0/1, the portable column type on both stores.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
