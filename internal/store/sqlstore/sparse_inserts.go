package sqlstore

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// Wide single-row INSERTs that name only the columns given a value.
//
// modernc's SQLite binds each parameter by its own call into the engine,
// which takes the connection's mutex, and a NULL costs as much as a
// value: an employee's row has 56 columns, of which an employee sent by
// Entra or Okta leaves about 30 NULL (its middle name, honorifics,
// locale, cost center …), so that, in a Bulk request, binding was a
// sixth of a create's time on the writer. Where the dialect says so
// (Dialect.OmitsNullColumns), such an INSERT names only the columns
// whose values are not nil, the others left to their default — NULL for
// every column it may leave out (TestSparseInsertsLeaveNullsToNull).
// One text per shape of present columns, and shapes are few: a system
// sends the same attributes for all its employees.

// sparseInsert is the INSERT of one row of a table's columns.
type sparseInsert struct {
	table   string
	columns []string
	// all names every column: where the dialect binds NULLs cheaply,
	// and for shapes past mostSparseShapes.
	all    string
	shapes sync.Map // column mask (uint64) → statement
	count  atomic.Int32
}

// mostSparseShapes bounds the statements a sparseInsert builds, and so
// the statements each connection prepares for it.
const mostSparseShapes = 64

// newSparseInsert is the INSERT of table's columns, at most 64.
func newSparseInsert(table string, columns ...string) *sparseInsert {
	if len(columns) > 64 {
		panic(fmt.Sprintf("sparse insert into %s: %d columns, at most 64", table, len(columns)))
	}
	s := &sparseInsert{table: table, columns: columns}
	s.all = insertRowsSQL(table, columns, 1)
	sparseInserts.Lock()
	defer sparseInserts.Unlock()
	sparseInserts.columns = append(sparseInserts.columns, SparseColumns{table, columns})
	return s
}

// sparseInserts lists the sparse inserts made (at initialisation).
var sparseInserts struct {
	sync.Mutex
	columns []SparseColumns
}

// SparseColumns are the columns of a table that a sparse insert names,
// and may leave out.
type SparseColumns struct {
	Table   string
	Columns []string
}

// SparseInserts lists the tables and columns that sparse inserts may
// leave to their defaults, so that a backend's tests can check that
// every such default that can be one is NULL.
func SparseInserts() []SparseColumns {
	sparseInserts.Lock()
	defer sparseInserts.Unlock()
	return slices.Clone(sparseInserts.columns)
}

// statement returns the statement of a row of args (one for each
// column, in order) for d, and its arguments: where d omits NULL
// columns, those of args that are not nil, in place in args.
func (s *sparseInsert) statement(d Dialect, args []any) (string, []any) {
	if len(args) != len(s.columns) {
		panic(fmt.Sprintf("sparse insert into %s: %d values for %d columns", s.table, len(args), len(s.columns)))
	}
	if !d.OmitsNullColumns() {
		return s.all, args
	}
	var mask uint64
	for i, a := range args {
		if a != nil {
			mask |= 1 << i
		}
	}
	if mask == 0 {
		return s.all, args // an INSERT names a column at least
	}
	q, ok := s.shapes.Load(mask)
	if !ok {
		if s.count.Load() >= mostSparseShapes {
			return s.all, args
		}
		present := make([]string, 0, len(s.columns))
		for i, c := range s.columns {
			if mask&(1<<i) != 0 {
				present = append(present, c)
			}
		}
		var loaded bool
		if q, loaded = s.shapes.LoadOrStore(mask, insertRowsSQL(s.table, present, 1)); !loaded {
			s.count.Add(1)
		}
	}
	kept := args[:0]
	for _, a := range args {
		if a != nil {
			kept = append(kept, a)
		}
	}
	return q.(string), kept
}
