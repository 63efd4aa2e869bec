package storetest

import (
	"flag"
	"sync"

	"roster/internal/store/sqlstore"
)

// CheckStoreInvariants turns on, for this test binary, the store's
// checks of itself: each employee SQLite's committer kept against what
// the database holds (sqlstore.CheckWrittenEmployees), so that no test
// can pass on a kept copy that drifted from the stored one; and after
// each write of a company's employees, that none of its references is
// stranded (sqlstore.CheckStrandedReferences), so that no test can pass
// on a write that left one. Benchmarks, which measure the store without
// the checks, leave them off. Test packages that write employees
// through a store call it from an init.
func CheckStoreInvariants() {
	sqlstore.CheckWrittenEmployees = notBenchmarking
	sqlstore.CheckStrandedReferences = notBenchmarking
}

// notBenchmarking reports whether the test binary runs no benchmarks; it
// is asked at the first update, once flags are parsed.
var notBenchmarking = sync.OnceValue(func() bool {
	bench := flag.Lookup("test.bench")
	return bench == nil || bench.Value.String() == ""
})
