package archive_test

import (
	"wecomadmin/internal/wecomsim/archivesim"
)

// seedMessages returns the plaintext of every message in a (fuzz corpus).
func seedMessages(a *archivesim.Archive) [][]byte {
	return a.Plaintexts()
}
