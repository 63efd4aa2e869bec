package storetest

import (
	"flag"
	"sync"

	"roster/internal/store/sqlstore"
)

// CheckWrittenEmployees turns on, for this test binary, the check of
// each employee SQLite's committer kept against what the database holds
// (sqlstore.CheckWrittenEmployees), so that no test can pass on a kept
// copy that drifted from the stored one. Benchmarks, which measure the
// store without the check, leave it off. Test packages that write
// employees through a SQLite store call it from an init.
func CheckWrittenEmployees() { sqlstore.CheckWrittenEmployees = notBenchmarking }

// notBenchmarking reports whether the test binary runs no benchmarks; it
// is asked at the first update, once flags are parsed.
var notBenchmarking = sync.OnceValue(func() bool {
	bench := flag.Lookup("test.bench")
	return bench == nil || bench.Value.String() == ""
})
