package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"roster/internal/activity"
	"roster/internal/api"
	"roster/internal/health"
	"roster/internal/httpapi"
	"roster/internal/logwriter"
	"roster/internal/store/postgres"
	"roster/internal/web"
)

// serveConfig is what `roster serve` runs with.
type serveConfig struct {
	db, addr, baseURL string
	bulkMaxOps        int
	bulkMaxPayload    int64
	rateLimit         float64
	rateBurst         int
	// usageFlush batches connection usage writes (zero: every request).
	usageFlush time.Duration
	// requestTimeout and bulkTimeout bound a request's wait on the store.
	requestTimeout, bulkTimeout time.Duration
	// pg limits PostgreSQL connections.
	pg postgres.Timeouts
	// passwordMemory bounds concurrent password hashing (bytes; 0: the
	// console's default).
	passwordMemory int64
	// logFormat is "text" (the default) or "json".
	logFormat string
	// drain is how long the server keeps serving, probes answering 503,
	// after it is told to stop.
	drain time.Duration
	// activityRetention is how long activity log entries are kept.
	activityRetention time.Duration
	// pprofAddr, when set, serves Go's profiles on a listener of its own.
	pprofAddr string
	// ready, when set, receives the bound address (tests listen on :0).
	ready func(addr net.Addr)
}

// usageFlushEvery is how often the connections' usage counts (last used,
// requests by the hour) are written: telemetry for the console, not a
// client's data. On SQLite every commit empties each reader's page cache,
// so a flush a second made a read-only load (lookups, Okta's import)
// read its pages again from the file every second: random lookups,
// 162-178 against 125-157 µs of CPU each with a flush every 10 s
// (alternating runs, pprof: SQLite's page reads 4.5 % → 2.1 % of the
// server's CPU). A crash loses at most this much of the counts; a
// graceful stop writes them.
const usageFlushEvery = 10 * time.Second

// serve: roster serve [--db] [--addr] [--base-url].
func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs, db := newFlagSet("serve", stderr)
	addr := fs.String("addr", ":8080", "listen address (env ROSTER_ADDR)")
	baseURL := fs.String("base-url", "", "public URL of this server, e.g. https://roster.example.com; used in the SCIM URL and meta.location (env ROSTER_BASE_URL; default: from each request)")
	bulkOps := fs.Int("bulk-max-operations", httpapi.DefaultBulkMaxOperations, "most operations in one SCIM Bulk request (env ROSTER_BULK_MAX_OPERATIONS)")
	bulkPayload := fs.Int64("bulk-max-payload", int64(httpapi.DefaultBulkMaxPayload), "largest SCIM Bulk request body in bytes (env ROSTER_BULK_MAX_PAYLOAD)")
	rateLimit := fs.Float64("rate-limit", float64(httpapi.DefaultRateLimit), "SCIM requests per second allowed per company by this instance, bulk operations counted one each; 0 turns throttling off (env ROSTER_RATE_LIMIT)")
	rateBurst := fs.Int("rate-burst", httpapi.DefaultRateBurst, "requests a company may send at once above the rate (env ROSTER_RATE_BURST)")
	requestTimeout := fs.Duration("request-timeout", httpapi.DefaultRequestTimeout, "longest a SCIM or console request waits on the database before answering 503 (env ROSTER_REQUEST_TIMEOUT)")
	bulkTimeout := fs.Duration("bulk-timeout", httpapi.DefaultBulkTimeout, "longest a SCIM Bulk request (one transaction for all its operations) may take before answering 503 (env ROSTER_BULK_TIMEOUT)")
	pwMemory := fs.Int("password-memory-mib", int(web.DefaultPasswordMemory>>20), "memory in MiB that console password hashing (argon2id, 19 MiB each) may use at once; sign-ins beyond it wait, then get 429 (env ROSTER_PASSWORD_MEMORY_MIB)")
	logFormat := fs.String("log-format", "text", "log format: text (key=value) or json, one object a line (env ROSTER_LOG_FORMAT)")
	drain := fs.Duration("drain", 0, "on SIGTERM or SIGINT, keep serving this long with /healthz and /readyz answering 503, so that load balancers stop sending requests first (env ROSTER_DRAIN)")
	retention := fs.String("activity-retention", "90d", "how long activity log entries are kept, e.g. 90d or 2160h; older ones are deleted hourly in small batches (env ROSTER_ACTIVITY_RETENTION)")
	pprofAddr := fs.String("pprof-addr", "", "serve Go's profiles (/debug/pprof/) on this separate address, e.g. 127.0.0.1:6060; off unless set, never on --addr (env ROSTER_PPROF_ADDR)")
	var pg postgres.Timeouts
	fs.DurationVar(&pg.Connect, "db-connect-timeout", postgres.DefaultConnectTimeout, "PostgreSQL: longest wait to open a connection (env ROSTER_DB_CONNECT_TIMEOUT)")
	fs.DurationVar(&pg.Statement, "db-statement-timeout", postgres.DefaultStatementTimeout, "PostgreSQL: statement_timeout of roster's connections; 0 or less: off (env ROSTER_DB_STATEMENT_TIMEOUT)")
	fs.DurationVar(&pg.Lock, "db-lock-timeout", postgres.DefaultLockTimeout, "PostgreSQL: lock_timeout, the longest a write waits for a lock; 0 or less: off (env ROSTER_DB_LOCK_TIMEOUT)")
	fs.DurationVar(&pg.IdleInTransaction, "db-idle-in-transaction-timeout", postgres.DefaultIdleInTransactionTimeout, "PostgreSQL: idle_in_transaction_session_timeout, which ends transactions a lost client left open (and their locks); 0 or less: off (env ROSTER_DB_IDLE_IN_TRANSACTION_TIMEOUT)")
	fs.DurationVar(&pg.KeepAlive, "db-keepalive", postgres.DefaultKeepAlive, "PostgreSQL: TCP keep-alive idle time and probe interval; 0 or less: Go's default of 15 s (env ROSTER_DB_KEEPALIVE)")
	if err := parse(fs, args); err != nil {
		return err
	}
	activityRetention, err := activity.ParseRetention(*retention)
	if err != nil || activityRetention <= 0 {
		return usageError{fmt.Sprintf("--activity-retention %q must be a positive duration such as 90d or 2160h", *retention)}
	}
	if *logFormat != "text" && *logFormat != "json" {
		return usageError{"--log-format must be text or json"}
	}
	if *pwMemory < 1 {
		return usageError{"--password-memory-mib must be at least 1"}
	}
	if *requestTimeout <= 0 || *bulkTimeout <= 0 || *drain < 0 {
		return usageError{"--request-timeout and --bulk-timeout must be positive, --drain not negative"}
	}
	for _, d := range []*time.Duration{&pg.Statement, &pg.Lock, &pg.IdleInTransaction, &pg.KeepAlive} {
		if *d == 0 {
			*d = -1 // 0 on the command line means off; in Timeouts, "the default"
		}
	}
	if *rateLimit < 0 || *rateBurst < 1 {
		return usageError{"--rate-limit must be 0 or more and --rate-burst at least 1"}
	}
	if *bulkOps < 1 || *bulkPayload < 1024 {
		return usageError{"--bulk-max-operations must be at least 1 and --bulk-max-payload at least 1024"}
	}
	return runServer(ctx, serveConfig{db: *db, addr: *addr, baseURL: *baseURL, bulkMaxOps: *bulkOps, bulkMaxPayload: *bulkPayload,
		rateLimit: *rateLimit, rateBurst: *rateBurst, usageFlush: usageFlushEvery,
		requestTimeout: *requestTimeout, bulkTimeout: *bulkTimeout, pg: pg, drain: *drain,
		passwordMemory: int64(*pwMemory) << 20, logFormat: *logFormat, activityRetention: activityRetention, pprofAddr: *pprofAddr}, stderr)
}

func runServer(ctx context.Context, cfg serveConfig, stderr io.Writer) error {
	tuneGC()
	// Each request's line is written behind its answer (logwriter);
	// whatever is left is written when the server returns.
	logs := logwriter.Behind(stderr)
	defer logs.Close()
	log := newLogger(logs, cfg.logFormat)
	// Code that logs without a logger of its own (slog's default) writes
	// in the same format to the same place.
	slog.SetDefault(log)
	// A server keeps the planner's statistics: where autovacuum is off,
	// and for growing companies the planner misjudges.
	st, err := openStoreWith(ctx, cfg.db, postgres.Options{Timeouts: cfg.pg, KeepStatistics: 2 * time.Second})
	if err != nil {
		return err
	}
	defer st.Close()
	scim := httpapi.New(httpapi.Config{Store: st, BaseURL: cfg.baseURL, Logger: log,
		BulkMaxOperations: cfg.bulkMaxOps, BulkMaxPayload: cfg.bulkMaxPayload,
		RateLimit: cfg.rateLimit, RateBurst: cfg.rateBurst, UsageFlushInterval: cfg.usageFlush,
		RequestTimeout: cfg.requestTimeout, BulkTimeout: cfg.bulkTimeout})
	defer scim.Close()
	pruneCtx, stopPruning := context.WithCancel(ctx)
	defer stopPruning()
	retention := cfg.activityRetention
	if retention <= 0 {
		retention = activity.DefaultRetention
	}
	go (&activity.Pruner{Store: st, Retention: retention, Pause: activity.DefaultPause, Log: log}).Run(pruneCtx)
	go runSurveyTicks(pruneCtx, st, surveyTickInterval, log)
	go resolveStrandedReferences(pruneCtx, st, strandedRetry, log)
	console, err := web.New(web.Config{Store: st, BaseURL: cfg.baseURL, Logger: log, RequestTimeout: cfg.requestTimeout,
		PasswordMemory: cfg.passwordMemory, ActivityDropped: scim.ActivityDropped})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	if cfg.pprofAddr != "" {
		if _, err := servePprof(pruneCtx, cfg.pprofAddr, log); err != nil {
			ln.Close()
			return fmt.Errorf("--pprof-addr: %w", err)
		}
	}
	probes := health.New(st, log)
	products := api.New(api.Config{Store: st, Logger: log, RequestTimeout: cfg.requestTimeout})
	srv := &http.Server{
		Handler:           probes.Handler(products.Handler(httpapi.Router(scim, console))),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	base := cfg.baseURL
	if base == "" {
		base = "http://" + displayAddr(ln.Addr())
	}
	log.Info("roster listening", "addr", ln.Addr().String(), "db", redactDSN(cfg.db), "scim_base_url", strings.TrimRight(base, "/")+httpapi.Prefix,
		"console_url", strings.TrimRight(base, "/")+"/")
	// A fresh database has no admin: print a one-time link that creates
	// the first company and admin (each start prints a new one until
	// setup is done; `roster admin create` does the same).
	if setupURL, err := console.FirstRunSetupURL(ctx, base); err != nil {
		log.Error("first run: cannot create a setup link", "err", err)
	} else if setupURL != "" {
		log.Warn("first run: no admin yet; open this one-time link to create the first company and its admin", "setup_url", setupURL)
	}
	// The start's lines (the setup link among them) are out before the
	// server says it is ready.
	logs.Flush()
	if cfg.ready != nil {
		cfg.ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "drain", cfg.drain)
	// The probes answer 503 first; for --drain the instance keeps serving
	// so that load balancers take it out of rotation before it stops
	// accepting connections.
	probes.ShuttingDown()
	time.Sleep(cfg.drain)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newLogger returns the server's logger: format "json" writes one JSON
// object a line, anything else slog's key=value text.
func newLogger(w io.Writer, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// displayAddr turns ":8080" / "[::]:8080" into "localhost:8080".
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
