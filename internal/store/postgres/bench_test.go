package postgres_test

import (
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/postgres"
	"roster/internal/store/postgres/pgtest"
	"roster/internal/store/storetest"
)

func openBench(tb testing.TB) directory.Store { return openTest(tb) }

// BenchmarkThousandCreates: 1000 CreateEmployee calls, one commit each.
func BenchmarkThousandCreates(b *testing.B) { storetest.BenchThousandCreates(b, openBench, false) }

// BenchmarkThousandCreatesBatch: the same creates in one Batch.
func BenchmarkThousandCreatesBatch(b *testing.B) { storetest.BenchThousandCreates(b, openBench, true) }

// BenchmarkSurveyAudience: storetest.BenchSurveyAudience on PostgreSQL.
func BenchmarkSurveyAudience(b *testing.B) {
	storetest.BenchSurveyAudience(b, func(b *testing.B, now func() time.Time) directory.Store {
		s, err := postgres.Open(b.Context(), pgtest.EmptySchema(b), postgres.Options{MaxConns: 4, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}, nil)
}

// BenchmarkSync: storetest.BenchSync, the store's share of an initial sync.
func BenchmarkSync(b *testing.B) { storetest.BenchSync(b, openBench, storetest.SyncLoad{Companies: 1}) }

// BenchmarkThousandCreatesAttributes: storetest.BenchThousandCreatesAttributes,
// a Bulk request's creates with a value of each of five attributes.
func BenchmarkThousandCreatesAttributes(b *testing.B) {
	storetest.BenchThousandCreatesAttributes(b, openBench)
}

// BenchmarkUpdateAttribute: storetest.BenchUpdateAttribute, HR moving an
// employee with five attribute values to another department.
func BenchmarkUpdateAttribute(b *testing.B) { storetest.BenchUpdateAttribute(b, openBench) }

// BenchmarkSyncAttributes: the same sync of employees with a value of
// each of the company's own attributes, as Peakon's customers send them.
func BenchmarkSyncAttributes(b *testing.B) {
	storetest.BenchSync(b, openBench, storetest.SyncLoad{Companies: 1, Attributes: true})
}

// BenchmarkSyncCompanies: the same, spread over eight companies, as an
// operator's sync at once.
func BenchmarkSyncCompanies(b *testing.B) {
	storetest.BenchSync(b, openBench, storetest.SyncLoad{Companies: 8})
}
