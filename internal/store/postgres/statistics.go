package postgres

import (
	"context"
	"database/sql"
	"log/slog"
	"time"
)

// PostgreSQL plans every statement from the statistics that ANALYZE
// keeps of each table, and autovacuum renews them as tables change. Where
// a server runs with autovacuum off, nothing renews them: a brand-new
// database keeps the plans made on empty tables, and a company that
// starts syncing after the last ANALYZE is to the planner a company of
// no employees — so each userName lookup of its sync walks all the
// company's employees in creation order instead of seeking the one, and
// the sync slows as the company grows. (EXPLAIN ANALYZE on this
// project's machine, autovacuum off: a userName lookup's page read took
// 1.1 ms walking the company's 1,000 employees, and 0.2–0.3 ms seeking the
// one through the userName index after ANALYZE.)
//
// So while the server's autovacuum is off, the store does what it would
// for roster's tables: a table whose rows changed since it was last
// analyzed by more than autovacuum's default threshold (50 rows and a
// tenth of the table) is analyzed. With autovacuum on, this rule does
// nothing; the misjudged companies' one (company_statistics.go) applies
// either way.

// Autovacuum's default analyze threshold (autovacuum_analyze_threshold,
// autovacuum_analyze_scale_factor).
const (
	analyzeThreshold   = 50
	analyzeScaleFactor = 0.1
)

// tablesToAnalyze lists, while the server's autovacuum is off, the
// tables of the store's schema that autovacuum would analyze now; none
// while it is on.
const tablesToAnalyze = `SELECT quote_ident(s.schemaname) || '.' || quote_ident(s.relname)
	FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
	WHERE NOT current_setting('autovacuum')::boolean
		AND s.schemaname = current_schema()
		AND s.n_mod_since_analyze > $1 + $2 * GREATEST(c.reltuples, 0)`

// keepStatistics analyzes the tables that need it every interval until
// ctx ends: while autovacuum is off, those it would analyze; and, either
// way, the employees' tables when the planner misjudges a growing
// company (company_statistics.go). A failure is logged, and the next
// round tries again.
func keepStatistics(ctx context.Context, db *sql.DB, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	asked := companySizes{}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := analyzeChanged(ctx, db)
		if err == nil {
			err = analyzeMisjudged(ctx, db, asked, misjudgedAtLeast)
		}
		if err != nil && ctx.Err() == nil {
			slog.Warn("postgres: keeping the planner's statistics", "err", err)
		}
	}
}

// analyzeChanged analyzes the tables that autovacuum would analyze now
// (tablesToAnalyze).
func analyzeChanged(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, tablesToAnalyze, analyzeThreshold, analyzeScaleFactor)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, name := range tables {
		// quote_ident made the name safe to splice; ANALYZE takes no
		// parameters.
		if _, err := db.ExecContext(ctx, "ANALYZE "+name); err != nil {
			return err
		}
		slog.Debug("postgres: analyzed, autovacuum being off", "table", name)
	}
	return nil
}
