package postgres

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"

	"github.com/jackc/pgx/v5/pgconn"
)

// unavailableStates are the SQLSTATEs (and classes, two characters) after
// which the same request may well succeed if tried again: the server is
// out of reach, shutting down or overloaded, or roster's own timeouts
// (Options) cut a statement or a lock wait short.
var unavailableStates = map[string]bool{
	"08":    true, // connection exception
	"53":    true, // insufficient resources (too many connections, disk full)
	"57P01": true, // admin_shutdown
	"57P02": true, // crash_shutdown
	"57P03": true, // cannot_connect_now (starting up, recovering)
	"57P05": true, // idle_session_timeout
	"57014": true, // query_canceled: statement_timeout
	"55P03": true, // lock_not_available: lock_timeout
	"25P03": true, // idle_in_transaction_session_timeout
	"40P01": true, // deadlock_detected: one side is rolled back
	"40001": true, // serialization_failure
}

// Unavailable implements sqlstore.Dialect: a connection that cannot be
// made or was lost (refused, reset, timed out, closed by the server), or
// a server error of one of unavailableStates.
func (Dialect) Unavailable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return unavailableStates[pg.Code] || len(pg.Code) == 5 && unavailableStates[pg.Code[:2]]
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connect) || errors.As(err, &netErr) || pgconn.Timeout(err) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}
