package postgres_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/postgres"
)

// A company that grows after the last ANALYZE, in a database that holds a
// larger one, is to the planner a company of no employees until the
// statistics are renewed (company_statistics.go); autovacuum would not
// renew them before a tenth of the table changed.
func TestMisjudgedCompanyAnalyzed(t *testing.T) {
	s, u := openStore(t)
	ctx := t.Context()
	db := rawDB(t, u)
	big, grown := directory.Company{ID: directory.NewID(), Name: "Big"}, directory.Company{ID: directory.NewID(), Name: "New"}
	for _, c := range []*directory.Company{&big, &grown} {
		if err := s.CreateCompany(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	addEmployees(t, db, big.ID, 4000)
	if _, err := db.ExecContext(ctx, `ANALYZE employees`); err != nil {
		t.Fatal(err)
	}
	addEmployees(t, db, grown.ID, 300)
	asked := map[string]int64{}
	// Below the size worth asking about, nothing is asked.
	if err := postgres.AnalyzeMisjudged(ctx, db, asked, 1000); err != nil {
		t.Fatal(err)
	}
	if _, ok := asked[grown.ID]; ok {
		t.Errorf("asked about a company of 300: %v", asked)
	}
	addEmployees(t, db, grown.ID, 900)
	if thought := planned(t, db, grown.ID); thought >= 600 {
		t.Skipf("the planner already thinks the new company has %d employees of 1,200: nothing to show", thought)
	}
	analyzedAt := lastAnalyzed(t, db)
	if err := postgres.AnalyzeMisjudged(ctx, db, asked, 1000); err != nil {
		t.Fatal(err)
	}
	if thought := planned(t, db, grown.ID); thought < 600 {
		t.Errorf("after the check the planner thinks the company of 1,200 has %d", thought)
	}
	if !lastAnalyzed(t, db).After(analyzedAt) {
		t.Error("employees not analyzed")
	}
	// Asked again before either company doubled: no ANALYZE.
	analyzedAt = lastAnalyzed(t, db)
	addEmployees(t, db, grown.ID, 500)
	if err := postgres.AnalyzeMisjudged(ctx, db, asked, 1000); err != nil {
		t.Fatal(err)
	}
	if lastAnalyzed(t, db).After(analyzedAt) {
		t.Error("analyzed again before the company doubled")
	}
	if asked[grown.ID] != 1200 || asked[big.ID] != 4000 {
		t.Errorf("asked = %v; want the sizes when last asked about", asked)
	}
}

// addEmployees inserts n bare employees of the company in SQL (the
// store's triggers keep its live count).
func addEmployees(t *testing.T, db *sql.DB, companyID string, n int) {
	t.Helper()
	if _, err := db.ExecContext(t.Context(), `INSERT INTO employees (id, company_id, user_name, user_name_fold, search_fold, active, status_changed_us, created_us, modified_us, version)
		SELECT gen_random_uuid()::text, $1, u, u, u, true, 0, 0, 0, 1 FROM (SELECT 'u' || gen_random_uuid()::text || '@example.com' AS u FROM generate_series(1, $2)) g`, companyID, n); err != nil {
		t.Fatal(err)
	}
}

func planned(t *testing.T, db *sql.DB, companyID string) int64 {
	t.Helper()
	n, err := postgres.PlannedEmployees(context.Background(), db, companyID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// lastAnalyzed is when employees was last analyzed (by hand or not).
func lastAnalyzed(t *testing.T, db *sql.DB) time.Time {
	t.Helper()
	var at time.Time
	if err := db.QueryRowContext(t.Context(), `SELECT GREATEST(COALESCE(last_analyze, 'epoch'), COALESCE(last_autoanalyze, 'epoch'))
		FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = 'employees'`).Scan(&at); err != nil {
		t.Fatal(err)
	}
	return at
}
