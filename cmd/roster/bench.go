package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"roster/internal/directory"
	"roster/internal/httpapi"
	"roster/internal/loadgen"
	"roster/internal/loadgen/inmemory"
)

// roster bench: the load tool (internal/loadgen). It measures roster
// servers it starts itself (--db, one per value: fresh companies in that
// database, one unless --companies, throttling off), a running server (--url, --token), and the
// storage-free ceiling handler (--ceiling), one after another, and prints
// one table (or --json) in which every rate is also a fraction of the
// ceiling's.

const benchUsage = "roster bench [--db DSN]... [--url SCIM_URL --token T... [--pid PID] [--db-process NAME]] [--ceiling] [--in-memory] [--employees N] [--workers N] [--companies N] [--json]"

func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("roster bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var dbs listFlag
	fs.Var(&dbs, "db", "database of a roster server the bench starts and measures, a SQLite path or postgres:// URL (repeatable; fresh companies in each, see --companies)")
	url := fs.String("url", "", "SCIM base URL of a running roster to measure, e.g. http://127.0.0.1:8080/scim/v2 (env ROSTER_BENCH_URL)")
	var tokens listFlag
	fs.Var(&tokens, "token", "bearer token for --url (repeatable: one per company, the sync, updates and lookups spread over them; env ROSTER_BENCH_TOKEN, comma-separated)")
	pid := fs.Int("pid", 0, "process id of the --url server, to report its memory (env ROSTER_BENCH_PID)")
	dbProcess := fs.String("db-process", envOr("ROSTER_BENCH_DB_PROCESS", ""), "command name of the --url server's database processes on this machine, e.g. postgres, to report their CPU per operation too (a --db postgres:// on this machine is reported so without it; env ROSTER_BENCH_DB_PROCESS)")
	ceiling := fs.Bool("ceiling", false, "also measure the storage-free SCIM handler, the limit of this machine (env ROSTER_BENCH_CEILING=true)")
	inMemory := fs.Bool("in-memory", false, "also measure an in-memory SCIM server built on github.com/elimity-com/scim, all but the bulk phase (env ROSTER_BENCH_IN_MEMORY=true)")
	cfg := loadgen.Config{Verify: true}
	fs.IntVar(&cfg.Employees, "employees", 5000, "employees the sync phase creates (env ROSTER_BENCH_EMPLOYEES)")
	fs.IntVar(&cfg.Workers, "workers", 8, "concurrent requests in the sync, updates and lookups phases (env ROSTER_BENCH_WORKERS)")
	fs.IntVar(&cfg.Updates, "updates", 5000, "requests of the updates phase (env ROSTER_BENCH_UPDATES)")
	fs.IntVar(&cfg.Lookups, "lookups", 20000, "requests of the lookups phase (env ROSTER_BENCH_LOOKUPS)")
	fs.IntVar(&cfg.PageSize, "page-size", 1000, "count of the import and jumps phases' pages (env ROSTER_BENCH_PAGE_SIZE)")
	fs.IntVar(&cfg.Jumps, "jumps", 100, "pages the jumps phase reads at random startIndex values (env ROSTER_BENCH_JUMPS)")
	fs.IntVar(&cfg.Bulk, "bulk", 5000, "employees the bulk phase creates (env ROSTER_BENCH_BULK)")
	fs.IntVar(&cfg.BulkSize, "bulk-size", 1000, "operations per Bulk request, and single POSTs of the singles phase (env ROSTER_BENCH_BULK_SIZE)")
	fs.DurationVar(&cfg.PhaseLimit, "phase-limit", 5*time.Minute, "longest time of each phase (env ROSTER_BENCH_PHASE_LIMIT)")
	phases := fs.String("phases", strings.Join(loadgen.AllPhases, ","), "phases to run, in order (env ROSTER_BENCH_PHASES)")
	companies := fs.Int("companies", 1, "companies the sync, updates and lookups phases spread their employees over, as an operator's companies sync at once; each --db server gets this many fresh companies (env ROSTER_BENCH_COMPANIES)")
	fs.BoolVar(&cfg.Attributes, "attributes", false, "every employee carries a value of each of five company attributes (two option lists, two dates, a number) in the company extension, as Peakon's customers send them; the bench defines them in each --db server's companies, a --url server's company must have them (env ROSTER_BENCH_ATTRIBUTES=true)")
	fs.BoolVar(&cfg.Managers, "managers", false, "every employee names a manager in the enterprise extension: the next employee its phase creates in its company, pending until then (env ROSTER_BENCH_MANAGERS=true)")
	fs.BoolVar(&cfg.ManagersTree, "managers-tree", false, "with --managers, each company's employees form a management tree of seven reports a manager, created in a shuffled order (an HR export sorted by name): a manager before its reports or after them (env ROSTER_BENCH_MANAGERS_TREE=true)")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(dbs) == 0 && *url == "" && !*ceiling && !*inMemory {
		return usageError{"nothing to measure: give --db, --url, --ceiling or --in-memory\n" + benchUsage}
	}
	if env := envOr("ROSTER_BENCH_TOKEN", ""); len(tokens) == 0 && env != "" {
		tokens = strings.Split(env, ",")
	}
	if (*url == "") != (len(tokens) == 0) {
		return usageError{"--url and --token go together"}
	}
	if *companies < 1 || (*companies > 1 && *url != "") {
		return usageError{"--companies must be at least 1, and more than 1 only without --url: the bench creates the companies in --db (for --url, give a --token of each company)"}
	}
	if cfg.Employees < 1 || cfg.Workers < 1 || cfg.PageSize < 1 || cfg.BulkSize < 1 || cfg.Updates < 0 || cfg.Lookups < 0 || cfg.Jumps < 0 || cfg.Bulk < 0 {
		return usageError{"--employees, --workers, --page-size and --bulk-size must be at least 1; --updates, --lookups, --jumps and --bulk not negative"}
	}
	cfg.Phases = strings.Split(*phases, ",")

	var out []loadgen.Measurement
	measure := func(target string, c loadgen.Config) error {
		fmt.Fprintf(stderr, "measuring %s …\n", target)
		results, err := loadgen.Run(ctx, c)
		out = append(out, loadgen.Measurement{Target: target, Results: results})
		if err != nil {
			return fmt.Errorf("%s: %w", target, err)
		}
		return nil
	}
	if *ceiling {
		srv := httptest.NewServer(&loadgen.Ceiling{Attributes: cfg.Attributes})
		c := cfg
		// The servers the bench serves itself hold one directory whatever
		// the token: each company's is the same.
		c.BaseURL, c.Tokens, c.Verify = srv.URL+httpapi.Prefix, slices.Repeat([]string{"ceiling"}, *companies), false
		err := measure(loadgen.CeilingTarget, c)
		srv.Close()
		if err != nil {
			return err
		}
	}
	if *inMemory {
		if err := benchInMemory(cfg, *companies, measure); err != nil {
			return err
		}
	}
	for _, db := range dbs {
		if err := benchServer(ctx, db, cfg, *companies, measure, stderr); err != nil {
			return err
		}
	}
	if *url != "" {
		c := cfg
		c.BaseURL, c.Tokens = *url, tokens
		if *pid > 0 {
			c.RSS, c.CPU = loadgen.ProcessRSS(*pid), loadgen.ProcessCPU(*pid)
		}
		if *dbProcess != "" {
			c.DatabaseCPU = loadgen.ProcessesCPU(*dbProcess)
		}
		if err := measure(*url, c); err != nil {
			return err
		}
	}
	if *asJSON {
		return loadgen.WriteJSON(stdout, out)
	}
	return loadgen.WriteTable(stdout, out)
}

// benchInMemory measures the in-memory server (loadgen/inmemory), served
// by the bench itself as the ceiling is, in every phase but bulk: the
// library has no Bulk.
func benchInMemory(cfg loadgen.Config, companies int, measure func(string, loadgen.Config) error) error {
	var company []loadgen.CompanyAttribute
	if cfg.Attributes {
		company = loadgen.CompanyAttributes
	}
	h, err := inmemory.New(httpapi.Prefix, company)
	if err != nil {
		return err
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := cfg
	c.BaseURL, c.Tokens = srv.URL+httpapi.Prefix, slices.Repeat([]string{"in-memory"}, companies)
	c.Phases = slices.DeleteFunc(slices.Clone(cfg.Phases), func(p string) bool { return p == "bulk" })
	return measure(loadgen.InMemoryTarget, c)
}

// benchServer starts `roster serve` on db with throttling off, with
// fresh companies and a token each, measures it and stops it.
func benchServer(ctx context.Context, db string, cfg loadgen.Config, companies int, measure func(string, loadgen.Config) error, stderr io.Writer) error {
	tokens, err := benchCompanies(ctx, db, companies, cfg.Attributes)
	if err != nil {
		return err
	}
	cmd := serverCommand("serve", "--db", db, "--addr", "127.0.0.1:0", "--rate-limit", "0")
	addr, err := startChild(cmd)
	if err != nil {
		return err
	}
	defer stopChild(cmd, stderr)
	c := cfg
	c.BaseURL, c.Tokens = "http://"+addr+httpapi.Prefix, tokens
	c.RSS, c.CPU = loadgen.ProcessRSS(cmd.Process.Pid), loadgen.ProcessCPU(cmd.Process.Pid)
	if storeKind(db) == "PostgreSQL" && onThisMachine(db) {
		// PostgreSQL's CPU for the phase: where the database decides the
		// rate, the server's alone tells half the cost.
		c.DatabaseCPU = loadgen.ProcessesCPU("postgres")
	}
	return measure("roster "+storeKind(db), c)
}

// onThisMachine reports whether the postgres:// URL db names a server on
// this machine: a loopback address, localhost, or a Unix socket (no host).
func onThisMachine(db string) bool {
	u, err := url.Parse(db)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "" || strings.HasPrefix(host, "/") || strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// benchCompanies creates n companies, each with a connection (and with
// attributes, loadgen.CompanyAttributes), for a bench run and returns
// the connections' tokens.
func benchCompanies(ctx context.Context, db string, n int, attributes bool) ([]string, error) {
	tokens := make([]string, n)
	at := time.Now().UTC().Format(time.RFC3339)
	return tokens, withStore(ctx, db, func(st directory.Store) error {
		for i := range tokens {
			company := &directory.Company{ID: directory.NewID(), Name: fmt.Sprintf("bench %s #%d", at, i+1)}
			if err := st.CreateCompany(ctx, company); err != nil {
				return err
			}
			token, hash := directory.NewToken()
			conn := &directory.Connection{ID: directory.NewID(), CompanyID: company.ID, Label: "bench", TokenHash: hash}
			if err := st.CreateConnection(ctx, conn); err != nil {
				return err
			}
			tokens[i] = token
			if attributes {
				if err := defineBenchAttributes(ctx, st, company.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// defineBenchAttributes defines loadgen.CompanyAttributes in the company.
func defineBenchAttributes(ctx context.Context, st directory.Store, companyID string) error {
	for _, a := range loadgen.CompanyAttributes {
		def := directory.AttributeDef{ID: directory.NewID(), CompanyID: companyID, Name: a.Name,
			Type: directory.AttributeType(a.Kind), Options: a.Options, Open: a.Open}
		if err := def.Validate(); err != nil {
			return fmt.Errorf("bench attribute %q: %w", a.Name, err)
		}
		if err := st.CreateAttribute(ctx, &def); err != nil {
			return err
		}
	}
	return nil
}

func storeKind(db string) string {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return "PostgreSQL"
	}
	return "SQLite"
}

// serverCommand is the command that runs `roster <args>` as a child
// process: this executable (tests replace it).
var serverCommand = func(args ...string) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		exe = os.Args[0]
	}
	return exec.Command(exe, args...)
}

var listeningAddr = regexp.MustCompile(`roster listening.* addr=(\S+)`)

// startChild starts cmd and returns the address it listens on, read
// from its log; the log is drained (and dropped) after that.
func startChild(cmd *exec.Cmd) (string, error) {
	logs, err := cmd.StderrPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(logs)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if m := listeningAddr.FindStringSubmatch(sc.Text()); m != nil {
				addrc <- m[1]
			}
		}
		close(addrc)
	}()
	select {
	case addr, ok := <-addrc:
		if ok {
			return addr, waitReady(addr)
		}
	case <-time.After(60 * time.Second):
	}
	cmd.Process.Kill()
	cmd.Wait()
	return "", errors.New("the roster server did not start")
}

// waitReady waits until the server's /readyz answers 200.
func waitReady(addr string) error {
	for range 100 {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("the roster server never became ready")
}

func stopChild(cmd *exec.Cmd, stderr io.Writer) {
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			fmt.Fprintln(stderr, "roster server:", err)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}
