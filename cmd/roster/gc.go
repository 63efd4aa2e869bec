package main

import (
	"os"
	"runtime/debug"
)

// serverGCPercent is the server's garbage collector target when GOGC is
// not set: the heap may grow to four times what is live between
// collections, where Go's default is twice. A SCIM server allocates for
// every row it reads and every response it writes; at the default the
// collector took a fifth of the CPU of Okta's import and at this setting
// an import page of 1,000 costs 45 instead of 58 ms, for ~13 MiB more
// memory (README, Performance). GOGC in the environment still decides.
const serverGCPercent = 300

// tuneGC applies serverGCPercent unless GOGC is set.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(serverGCPercent)
	}
}
