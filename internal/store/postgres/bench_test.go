package postgres_test

import (
	"testing"

	"roster/internal/directory"
	"roster/internal/store/storetest"
)

func openBench(tb testing.TB) directory.Store { return openTest(tb) }

// BenchmarkThousandCreates: 1000 CreateEmployee calls, one commit each.
func BenchmarkThousandCreates(b *testing.B) { storetest.BenchThousandCreates(b, openBench, false) }

// BenchmarkThousandCreatesBatch: the same creates in one Batch.
func BenchmarkThousandCreatesBatch(b *testing.B) { storetest.BenchThousandCreates(b, openBench, true) }
