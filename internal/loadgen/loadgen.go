package loadgen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Phase names, in the order they run.
const (
	PhaseSync    = "sync"
	PhaseUpdates = "updates"
	PhaseImport  = "import"
	PhaseJumps   = "jumps"
	PhaseLookups = "lookups"
	PhaseBulk    = "bulk"
	PhaseSingles = "singles"
)

// AllPhases is every phase in running order. Updates, import, jumps and
// lookups work on the employees the sync created.
var AllPhases = []string{PhaseSync, PhaseUpdates, PhaseImport, PhaseJumps, PhaseLookups, PhaseBulk, PhaseSingles}

// Config is one run against one server.
type Config struct {
	// BaseURL is the SCIM base URL (…/scim/v2).
	BaseURL string
	// Tokens are bearer tokens, each of its own company: the sync,
	// updates and lookups spread their employees over them (employee i
	// is the company's of Tokens[i mod len]), as an operator's companies
	// sync at once; the import, jumps, bulk and singles phases use the
	// first.
	Tokens []string
	// Workers is how many requests are in flight at once in the
	// concurrent phases (sync, updates, lookups).
	Workers int
	// Employees the sync creates; Updates, Lookups: requests of those
	// phases; PageSize: the import's count, and the jumps'; Jumps: pages
	// read at random startIndex values; Bulk: employees created through
	// Bulk requests of BulkSize operations, compared with BulkSize single
	// POSTs (one client, one request at a time each).
	Employees, Updates, Lookups, PageSize, Jumps, Bulk, BulkSize int
	// Phases to run (nil: AllPhases).
	Phases []string
	// Attributes gives every employee the phases create or replace a
	// value of each of CompanyAttributes, in the company extension, as
	// Peakon's customers send them; the server must define them.
	Attributes bool
	// Managers gives every employee a manager: the employee its phase
	// creates next in its company (by userName), so that each create's
	// manager is pending until the next create resolves it.
	Managers bool
	// ManagersTree makes the managers a tree instead, reports of seven
	// each (one employee, the root, with none), created in a shuffled
	// order — an HR export sorted by name: a manager may come before
	// its reports or after them, in the same Bulk request or another.
	ManagersTree bool
	// PhaseLimit bounds each phase's time: a phase still running then
	// stops and says so.
	PhaseLimit time.Duration
	// Verify checks answers beyond their status (a sync filter finds
	// nothing, a lookup finds exactly one); off for the ceiling, which
	// stores nothing.
	Verify bool
	// RSS reads the server's resident memory in bytes after each phase
	// (nil: unknown).
	RSS func() (int64, error)
	// CPU reads the CPU time the server has used, before and after each
	// phase (nil: unknown).
	CPU func() (time.Duration, error)
	// DatabaseCPU reads the CPU time the server's database has used, the
	// same way (nil: unknown, or none: SQLite is in the server's process).
	DatabaseCPU func() (time.Duration, error)
}

// cpuTimes are the server's and its database's CPU times at one moment.
type cpuTimes struct{ server, database time.Duration }

// readCPU reads the server's and the database's CPU time so far; 0 for
// what is unknown.
func (c Config) readCPU() (cpuTimes, error) {
	server, err := cpuSoFar(c.CPU, "server")
	if err != nil {
		return cpuTimes{}, err
	}
	database, err := cpuSoFar(c.DatabaseCPU, "database")
	return cpuTimes{server, database}, err
}

// cpuSoFar reads the CPU clock read of what; 0 when there is none.
func cpuSoFar(read func() (time.Duration, error), what string) (time.Duration, error) {
	if read == nil {
		return 0, nil
	}
	cpu, err := read()
	if err != nil {
		return 0, fmt.Errorf("%s CPU time: %w", what, err)
	}
	return cpu, nil
}

// Result is one phase's measurement.
type Result struct {
	Phase string
	// Ops is what the phase counts: employees (sync, bulk, singles,
	// import) or requests (updates, jumps, lookups).
	Ops     int
	Elapsed time.Duration
	Percentiles
	// RSS is the server's resident memory after the phase (0: unknown).
	RSS int64
	// CPU is the CPU time the server used during the phase (0: unknown),
	// DatabaseCPU its database's.
	CPU, DatabaseCPU time.Duration
	// Note says what the latencies are of, or why the phase stopped.
	Note string
}

// CPUPerOp is the server's CPU time per operation of the phase (0:
// unknown).
func (r Result) CPUPerOp() time.Duration { return r.perOp(r.CPU) }

// DatabaseCPUPerOp is the database's CPU time per operation of the phase
// (0: unknown).
func (r Result) DatabaseCPUPerOp() time.Duration { return r.perOp(r.DatabaseCPU) }

func (r Result) perOp(d time.Duration) time.Duration {
	if r.Ops == 0 {
		return 0
	}
	return d / time.Duration(r.Ops)
}

// PerSecond is the phase's rate.
func (r Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Ops) / r.Elapsed.Seconds()
}

// run is the state of one Run: the employees the sync made.
type run struct {
	cfg Config
	// clients send with each token of cfg.Tokens.
	clients []*client
	prefix  string
	ids     []string // by employee index; "" when not created
}

// person is the run's employee i.
func (r *run) person(i int) person { return r.personOf("", i) }

// personOf is employee i of the phase whose employees' names take suffix
// (bulk, singles: their own).
func (r *run) personOf(suffix string, i int) person {
	p := person{run: r.prefix + suffix, i: i, attributes: r.cfg.Attributes}
	if !r.cfg.Managers {
		return p
	}
	// The phases without a suffix spread their employees over the
	// companies (of); the others create theirs in the first.
	companies, n := 1, r.cfg.Bulk
	switch suffix {
	case "":
		companies, n = len(r.clients), r.cfg.Employees
	case "s":
		n = r.cfg.BulkSize
	}
	p.manager = companies // the next of the same company
	if r.cfg.ManagersTree {
		p.manager = shuffledTreeStep(i, n, companies)
	}
	return p
}

// of returns the client of employee i's company.
func (r *run) of(i int) *client { return r.clients[i%len(r.clients)] }

// first returns the first company's client: the phases of one client.
func (r *run) first() *client { return r.clients[0] }

// companies is a note's words on the companies a phase's employees are
// spread over; "" for one.
func (r *run) companies() string {
	return r.ifSeveral(fmt.Sprintf(", across %d companies", len(r.clients)))
}

// firstCompany is a note's words for a phase that reads the first
// company's employees only; "" for one company.
func (r *run) firstCompany() string { return r.ifSeveral(", the first company's") }

// ifSeveral is words where the run spreads over several companies, ""
// where it has one.
func (r *run) ifSeveral(words string) string {
	if len(r.clients) < 2 {
		return ""
	}
	return words
}

// Run runs cfg's phases against its server, in order.
func Run(ctx context.Context, cfg Config) ([]Result, error) {
	if cfg.Workers < 1 {
		return nil, errors.New("loadgen: at least one worker is needed")
	}
	if len(cfg.Tokens) == 0 {
		return nil, errors.New("loadgen: at least one token is needed")
	}
	phases := cfg.Phases
	if phases == nil {
		phases = AllPhases
	}
	r := &run{cfg: cfg, clients: newClients(cfg.BaseURL, cfg.Tokens, cfg.Workers),
		prefix: "lg" + strconv.FormatInt(time.Now().UnixNano()%1e9, 36)}
	var out []Result
	for _, p := range phases {
		before, err := cfg.readCPU()
		if err != nil {
			return out, fmt.Errorf("phase %s: %w", p, err)
		}
		res, err := r.phase(ctx, p)
		if err != nil {
			return out, fmt.Errorf("phase %s: %w", p, err)
		}
		after, err := cfg.readCPU()
		if err != nil {
			return out, fmt.Errorf("phase %s: %w", p, err)
		}
		res.CPU, res.DatabaseCPU = after.server-before.server, after.database-before.database
		if cfg.RSS != nil {
			if res.RSS, err = cfg.RSS(); err != nil {
				return out, fmt.Errorf("phase %s: server memory: %w", p, err)
			}
		}
		out = append(out, res)
	}
	return out, nil
}

func (r *run) phase(ctx context.Context, name string) (Result, error) {
	if r.cfg.PhaseLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.cfg.PhaseLimit)
		defer cancel()
	}
	var res Result
	var err error
	switch name {
	case PhaseSync:
		res, err = r.sync(ctx)
	case PhaseUpdates:
		res, err = r.updates(ctx)
	case PhaseImport:
		res, err = r.importAll(ctx)
	case PhaseJumps:
		res, err = r.jumps(ctx)
	case PhaseLookups:
		res, err = r.lookups(ctx)
	case PhaseBulk:
		res, err = r.bulk(ctx)
	case PhaseSingles:
		res, err = r.singles(ctx)
	default:
		return Result{}, fmt.Errorf("unknown phase %q", name)
	}
	res.Phase = name
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		res.Note = "stopped at the phase time limit; " + res.Note
		err = nil
	}
	return res, err
}

// parallel runs fn(i) for i in [0, n) on the configured workers and
// returns how many succeeded and how long it took; the first error stops
// the rest.
func (r *run) parallel(ctx context.Context, n int, fn func(ctx context.Context, i int) error) (int, time.Duration, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next, done atomic.Int64
	var once sync.Once
	var first error
	var wg sync.WaitGroup
	start := time.Now()
	for range min(r.cfg.Workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := fn(ctx, i); err != nil {
					once.Do(func() { first = err; cancel() })
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	return int(done.Load()), time.Since(start), first
}

// created lists the indexes of the employees the sync made.
func (r *run) created() []int {
	var out []int
	for i, id := range r.ids {
		if id != "" {
			out = append(out, i)
		}
	}
	return out
}

// pick returns a random created employee's index.
func pick(created []int) int { return created[rand.IntN(len(created))] }
