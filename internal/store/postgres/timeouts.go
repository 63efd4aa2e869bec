package postgres

import (
	"net"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// Default timeouts of roster's connections (see Options). They bound how
// long a SCIM request can wait on a database that is down, partitioned
// away or blocked, so that identity providers get a fast 503 and retry
// instead of a hung request.
const (
	DefaultConnectTimeout           = 3 * time.Second
	DefaultStatementTimeout         = 10 * time.Second
	DefaultLockTimeout              = 5 * time.Second
	DefaultIdleInTransactionTimeout = 5 * time.Second
	DefaultKeepAlive                = 10 * time.Second
)

// Timeouts are the limits roster sets on its PostgreSQL connections. A
// zero field takes its default; a negative one turns the limit off.
type Timeouts struct {
	// Connect bounds opening a connection (TCP, TLS and start-up).
	Connect time.Duration
	// Statement is the server's statement_timeout: a statement running
	// longer is cancelled by the server, even when roster is gone.
	Statement time.Duration
	// Lock is the server's lock_timeout: a statement waiting longer for a
	// row lock (a company's writes take its row lock) fails instead of
	// queueing behind a stuck transaction.
	Lock time.Duration
	// IdleInTransaction is the server's
	// idle_in_transaction_session_timeout: a transaction whose client
	// went silent (a network partition cut it off mid-transaction) is
	// ended by the server, releasing its locks, after this long. Without
	// it, such a transaction holds its company's row lock until someone
	// kills it, and every write of that company waits.
	IdleInTransaction time.Duration
	// KeepAlive is the TCP keep-alive idle time and probe interval (three
	// unanswered probes close the connection): a pooled connection to a
	// server that vanished is found dead instead of hanging the next
	// request that takes it.
	KeepAlive time.Duration
}

// withDefaults returns t with zero fields set to the defaults.
func (t Timeouts) withDefaults() Timeouts {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&t.Connect, DefaultConnectTimeout)
	def(&t.Statement, DefaultStatementTimeout)
	def(&t.Lock, DefaultLockTimeout)
	def(&t.IdleInTransaction, DefaultIdleInTransactionTimeout)
	def(&t.KeepAlive, DefaultKeepAlive)
	return t
}

// apply sets t on cfg: the dialer's connect timeout and keep-alives, and
// the server-side limits as run-time parameters sent when each
// connection starts (so they hold on every connection, including ones
// the pool opens later). Parameters the URL sets itself are kept.
func (t Timeouts) apply(cfg *pgx.ConnConfig) {
	if t.Connect > 0 {
		cfg.ConnectTimeout = t.Connect
	}
	dialer := &net.Dialer{Timeout: max(t.Connect, 0)}
	if t.KeepAlive > 0 {
		dialer.KeepAliveConfig = net.KeepAliveConfig{Enable: true, Idle: t.KeepAlive, Interval: t.KeepAlive, Count: 3}
	}
	cfg.DialFunc = dialer.DialContext
	for name, d := range map[string]time.Duration{
		"statement_timeout":                   t.Statement,
		"lock_timeout":                        t.Lock,
		"idle_in_transaction_session_timeout": t.IdleInTransaction,
	} {
		defaultParam(cfg, name, strconv.FormatInt(max(d, 0).Milliseconds(), 10))
	}
}

// withoutServerLimits returns a copy of cfg for migrations: they may build
// an index over a large table and wait for another instance's migration
// lock, which the serving limits would cut short.
func withoutServerLimits(cfg *pgx.ConnConfig) *pgx.ConnConfig {
	c := cfg.Copy()
	for _, name := range []string{"statement_timeout", "lock_timeout"} {
		c.RuntimeParams[name] = "0"
	}
	return c
}
