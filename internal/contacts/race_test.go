//go:build race

package contacts

// raceEnabled shrinks the event storm under the race detector, which slows
// the transpiled SQLite driver about tenfold.
const raceEnabled = true
