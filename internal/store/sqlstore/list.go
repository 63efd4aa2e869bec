package sqlstore

import (
	"context"
	"strings"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// EmployeesQuery is the SQL of one Employees call.
type EmployeesQuery struct {
	// Count counts the matches; it takes Args.
	Count string
	Args  []any
	// Page selects the page (employeeSelect columns); it takes PageArgs,
	// which are Args followed by the limit and the offset.
	Page     string
	PageArgs []any
	// PageFew is Page for when the count found few matches (fewMatches):
	// ordered by "+e.seq", which SQLite cannot serve from the
	// creation-order index, so an index serving the filter (emails) drives
	// the query and the few matches are sorted, rather than walking the
	// company's employees in order testing each against the filter.
	// It reads the employees directly, without Page's deferred join,
	// which only pays where an OFFSET skips many (a few matches are few
	// rows to skip); SQLite built a temporary table for the join's seqs,
	// a third of a point lookup's page. Narrowed by the search index
	// (narrow) or searching (whose index covers the search: the join reads
	// only the matches' rows) it keeps the join.
	PageFew string
	// PageFewArgs are PageFew's arguments: the first of PageArgs (up to
	// the offset) when it reads the employees directly, else PageArgs.
	PageFewArgs []any
	// FewTail is what follows the select list of PageFew when it reads
	// the employees directly (FROM, WHERE, ORDER BY, LIMIT and OFFSET; it
	// takes PageFewArgs), "" when it does not.
	FewTail string
}

// fewMatches is the match count up to which sorting the matches beats
// walking the creation-order index.
const fewMatches = 1000

// BuildEmployeesQuery compiles q for the company into SQL for d; defs are
// the company's attributes, needed when q names one. narrow starts the
// count and the page from the candidates the dialect's search index finds
// for q.Search (Dialect.SearchCandidates), which Employees asks for when
// they are few. It is what Employees runs, exported so that backends can
// check query plans.
func BuildEmployeesQuery(d Dialect, companyID string, q directory.EmployeeQuery, defs []directory.AttributeDef, narrow bool) (EmployeesQuery, error) {
	return buildEmployeesQuery(d, companyID, q, defs, queryShape{narrow: narrow})
}

// queryShape is how buildEmployeesQuery reads a query's matches, beyond
// the query itself.
type queryShape struct {
	// narrow: see BuildEmployeesQuery.
	narrow bool
	// hideHeld leaves out the employees whose delete the guard holds.
	// Employees asks for it only when the company has any: the condition
	// needs each row, where a plain count or page is served from an index
	// alone.
	hideHeld bool
	// fromSeq starts the page at this creation number (seq_blocks.go);
	// 0 for none. The count is not changed.
	fromSeq int64
	// fewOnly: the caller reads PageFew and Count alone (a point
	// lookup), so Page, as long again, is left "" where PageFew reads the
	// employees directly.
	fewOnly bool
}

// buildEmployeesQuery is BuildEmployeesQuery in the shape.
func buildEmployeesQuery(d Dialect, companyID string, q directory.EmployeeQuery, defs []directory.AttributeDef, shape queryShape) (EmployeesQuery, error) {
	if q.Offset < 0 || q.Limit < 0 {
		return EmployeesQuery{}, directory.Invalid("offset and limit must not be negative")
	}
	if (q.After != "" || q.PageAfter != "") && q.SortBy != nil {
		return EmployeesQuery{}, directory.Invalid("paging after an employee needs the creation order (no sort)")
	}
	c := &compiler{d: d, company: companyID, viewer: q.ViewerConnectionID}
	if len(defs) > 0 {
		c.types = make(map[string]directory.AttributeType, len(defs))
		for _, def := range defs {
			c.types[def.ID] = def.Type
		}
	}
	from, where := "employees e", ""
	if shape.narrow {
		if cand := d.SearchCandidates(indexWords(q.Search), c.bind); cand != "" {
			// CROSS JOIN makes SQLite loop over the candidates and seek
			// each by seq: without statistics, it would rather walk the
			// company's index and test every entry against the list.
			from = "(" + cand + ") sc CROSS JOIN employees e"
			where = "e.seq = sc.seq AND "
		}
	}
	where += "e.company_id = " + c.bind(companyID) + c.typed(q)
	if shape.hideHeld {
		where += " AND " + liveSQL
	}
	if q.Filter != nil {
		f, err := c.expr(q.Filter)
		if err != nil {
			// The SCIM layer answers it invalidFilter, not invalidValue.
			return EmployeesQuery{}, directory.InFilter(err)
		}
		where += " AND " + f
	}
	for _, w := range q.Search {
		if w != "" { // contained in every text
			where += " AND " + c.search(w)
		}
	}
	// The page's parameters: the filter's, the inner ORDER BY's, limit and
	// offset, the outer ORDER BY's, numbered in that (text) order.
	n := len(c.args)
	pageArgs := c.args[:n:n]
	bind := func(v any) string {
		pageArgs = append(pageArgs, v)
		return d.Placeholder(len(pageArgs))
	}
	pageWhere, offsetRows := where, q.Offset
	if q.PageAfter != "" {
		pageWhere += " AND e.seq > (SELECT a.seq FROM employees a WHERE a.company_id = " + bind(companyID) +
			" AND a.id = " + bind(q.PageAfter) + ")"
		offsetRows = 0
	}
	if shape.fromSeq > 0 {
		pageWhere += " AND e.seq >= " + bind(shape.fromSeq)
	}
	inner, err := c.orderBy(q.SortBy, q.Descending, bind)
	if err != nil {
		return EmployeesQuery{}, err
	}
	limit, offset := bind(q.Limit), bind(offsetRows)
	seqsArgs := pageArgs[:len(pageArgs):len(pageArgs)]
	outer, err := c.orderBy(q.SortBy, q.Descending, bind)
	if err != nil {
		return EmployeesQuery{}, err
	}
	// A deferred join: the page's seqs are found first, from indexes
	// where possible, and only those rows are read. A deep OFFSET (Okta
	// imports page by page) then skips index entries instead of whole
	// rows.
	seqs := func(inner string) string {
		return `SELECT e.seq FROM ` + from + ` WHERE ` + pageWhere + ` ORDER BY ` + inner + ` LIMIT ` + limit + ` OFFSET ` + offset
	}
	page := func(inner string) string {
		return employeeSelect(d) + ` WHERE e.seq IN (` + seqs(inner) + `) ORDER BY ` + outer
	}
	few := inner
	if q.SortBy == nil {
		few = strings.Replace(inner, "e.seq", "+e.seq", 1)
	}
	var pageFew, fewTail string
	pageFewArgs := pageArgs
	if from == "employees e" && len(q.Search) == 0 {
		fewTail = ` FROM employees e WHERE ` + pageWhere + ` ORDER BY ` + few + ` LIMIT ` + limit + ` OFFSET ` + offset
		pageFew, pageFewArgs = fewQuery(d, fewTail), seqsArgs
	} else {
		pageFew = page(few)
	}
	var pageAll string
	if !shape.fewOnly || fewTail == "" {
		pageAll = page(inner)
	}
	return EmployeesQuery{
		Count:       `SELECT COUNT(*) FROM ` + from + ` WHERE ` + where,
		Args:        c.args,
		Page:        pageAll,
		PageFew:     pageFew,
		PageFewArgs: pageFewArgs,
		FewTail:     fewTail,
		PageArgs:    pageArgs,
	}, nil
}

// fewQuery is PageFew reading the employees directly: the employee
// columns, then tail.
func fewQuery(d Dialect, tail string) string { return employeesSelect(d, tail, false, false) }

// typed compiles the typed conditions of q (EmployeeQuery.Active,
// ConnectionID, ChangedSince), each " AND …" with bound values, to be
// AND-ed with the filter and the search.
func (c *compiler) typed(q directory.EmployeeQuery) string {
	var where string
	if q.Active != nil {
		where += " AND e.active = " + c.bind(*q.Active)
	}
	if q.ConnectionID != "" {
		where += " AND e.source_connection_id = " + c.bind(q.ConnectionID)
	}
	if !q.ChangedSince.IsZero() {
		where += " AND e.modified_us >= " + c.bind(ceilMicros(q.ChangedSince))
	}
	if q.After != "" {
		where += " AND e.seq > (SELECT a.seq FROM employees a WHERE a.company_id = " + c.bind(c.company) +
			" AND a.id = " + c.bind(q.After) + ")"
	}
	return where
}

// ceilMicros is t in the stored unix microseconds, rounded up: "at or
// after t" keeps a stored instant only if it is not before t.
func ceilMicros(t time.Time) int64 {
	us := t.Truncate(time.Microsecond)
	if !us.Equal(t) {
		us = us.Add(time.Microsecond)
	}
	return us.UnixMicro()
}

// selective reports whether q keeps only some of the company's
// employees, so that few may match (see fewMatches).
func selective(q directory.EmployeeQuery) bool {
	return q.Filter != nil || narrowedBeyondFilter(q)
}

// narrowedBeyondFilter reports whether q keeps only some of the
// company's employees other than by its filter.
func narrowedBeyondFilter(q directory.EmployeeQuery) bool {
	return len(q.Search) > 0 || q.Active != nil || q.ConnectionID != "" || !q.ChangedSince.IsZero() || q.After != ""
}

// namesCompany reports whether q filters or sorts on a company attribute.
func namesCompany(q directory.EmployeeQuery) bool {
	if q.SortBy != nil && q.SortBy.URN() == schema.CompanyURN {
		return true
	}
	var walk func(e filter.Expr) bool
	walk = func(e filter.Expr) bool {
		switch x := e.(type) {
		case filter.And:
			return walk(x.Left) || walk(x.Right)
		case filter.Or:
			return walk(x.Left) || walk(x.Right)
		case filter.Not:
			return walk(x.X)
		case filter.Compare:
			return x.Attr.URN() == schema.CompanyURN
		case filter.ValuePath:
			return x.Attr.URN() == schema.CompanyURN
		}
		return false
	}
	return walk(q.Filter)
}

// Employees returns one page of the company's employees matching q and
// the number of all matches, both from one snapshot.
func (s *Store) Employees(ctx context.Context, companyID string, q directory.EmployeeQuery) ([]directory.Employee, int, error) {
	if matchesNothing(q.Search) || !directory.StorableText(q.ConnectionID) {
		// No stored text holds such a word or id.
		return nil, 0, nil
	}
	// Where statements are sent together (PostgreSQL), a point lookup is
	// one statement (employees_at_once.go). On SQLite, where a statement is
	// no round trip, that statement's subqueries cost more than the
	// statements they save (a lookup's CPU over HTTP 198 → 214 µs): it is
	// read as a page.
	if pointLookup(q) && s.d.SendTogether() != nil {
		list, err := s.lookUpAtOnce(ctx, companyID, q)
		if err != nil {
			return nil, 0, s.wrap("employees", err)
		}
		if len(list) < q.Limit {
			for i := range list {
				list[i].SeenBy(q.ViewerConnectionID)
			}
			return list, len(list), nil
		}
		// A full page: there may be more, to count in the page's
		// snapshot (rare where a value names the matches).
	}
	var total int
	var list []directory.Employee
	// A point lookup is short: it goes without a transaction unless a
	// commit overtakes it (unchanged_reads.go). A page of a thousand
	// takes some 25 ms, long enough for the usage counts' commit every
	// second to overtake one in forty and have it read twice — the
	// slowest pages twice as slow — for a BEGIN and COMMIT that cost it
	// nothing much.
	read := s.read
	if pointLookup(q) {
		read = s.readUnlessChanged
		ctx = s.shortRead(ctx)
	}
	err := read(ctx, func(tx handle) error {
		var defs []directory.AttributeDef
		if namesCompany(q) {
			var err error
			if defs, err = s.loadAttributes(ctx, tx, companyID, ""); err != nil {
				return err
			}
		}
		if q.After != "" {
			if err := s.employeeExists(ctx, tx, companyID, q.After); err != nil {
				return err
			}
		}
		if q.PageAfter != "" {
			err := s.employeeExists(ctx, tx, companyID, q.PageAfter)
			switch {
			case directory.ErrorCode(err) == directory.EInvalid:
				q.PageAfter = "" // gone since: the offset tells where the page starts
			case err != nil:
				return err
			}
		}
		narrow := false
		if len(q.Search) > 0 {
			var err error
			if narrow, err = s.narrowSearch(ctx, tx, q.Search); err != nil {
				return err
			}
		}
		var err error
		if pointLookup(q) {
			list, total, err = s.lookUp(ctx, tx, companyID, q, defs)
		} else {
			list, total, err = s.page(ctx, tx, companyID, q, defs, narrow)
		}
		if err != nil {
			return err
		}
		if err := s.loadDetails(ctx, tx, list, false); err != nil {
			return err
		}
		for i := range list {
			list[i].SeenBy(q.ViewerConnectionID)
		}
		return nil
	})
	if err != nil {
		return nil, 0, s.wrap("employees", err)
	}
	return list, total, nil
}

// page reads the page of q's matches and counts them all, for Employees.
func (s *Store) page(ctx context.Context, tx handle, companyID string, q directory.EmployeeQuery, defs []directory.AttributeDef, narrow bool) ([]directory.Employee, int, error) {
	shape := queryShape{narrow: narrow}
	bq, err := buildEmployeesQuery(s.d, companyID, q, defs, shape)
	if err != nil {
		return nil, 0, err
	}
	total, held, start, err := s.pageFacts(ctx, tx, companyID, q, bq)
	if err != nil {
		return nil, 0, err
	}
	if held {
		shape.hideHeld = true
		if bq, err = buildEmployeesQuery(s.d, companyID, q, defs, shape); err != nil {
			return nil, 0, err
		}
		if selective(q) {
			if err := tx.QueryRowContext(ctx, bq.Count, bq.Args...).Scan(&total); err != nil {
				return nil, 0, err
			}
		}
	}
	if q.Limit == 0 || q.Offset >= total && q.PageAfter == "" {
		return nil, total, nil
	}
	if start.apply(&q, &shape) {
		if bq, err = buildEmployeesQuery(s.d, companyID, q, defs, shape); err != nil {
			return nil, 0, err
		}
	}
	query, args := bq.Page, bq.PageArgs
	if selective(q) && total <= fewMatches {
		query, args = bq.PageFew, bq.PageFewArgs
	}
	list, err := readPage(ctx, tx, query, args, min(q.Limit, total))
	return list, total, err
}

// pageFacts reads, in one statement, what a page of q (compiled as bq)
// needs before it is read: the total; whether the guard holds deletes in
// the company (rarely: only then must the list leave those employees
// out, a condition that needs each row where a plain count or page is
// served from an index alone); and, where the page starts at its block,
// which (seq_blocks.go).
func (s *Store) pageFacts(ctx context.Context, tx handle, companyID string, q directory.EmployeeQuery, bq EmployeesQuery) (total int, held bool, start pageStart, err error) {
	countQuery, args := bq.Count, bq.Args
	if !selective(q) {
		// Every employee the list shows: the company's kept count, not
		// a count of its rows (a page deep in Okta's import of a large
		// company would otherwise count it all, every page).
		countQuery, args = `SELECT COALESCE((SELECT live_employees FROM companies WHERE id = ?), 0)`, []any{companyID}
	}
	arg := func(v any) string {
		args = append(args, v)
		return s.d.Placeholder(len(args))
	}
	statement := `SELECT (` + countQuery + `), ` + heldDeletesExistSQL(arg(companyID), arg(directory.GuardDelete))
	dest := []any{&total, &held}
	if jumpsToBlock(q) {
		statement += `, page_start.block, page_start.preceding FROM (SELECT 1) one LEFT JOIN (` + pageStartSQL(arg(companyID), arg(q.Offset)) + `) page_start ON TRUE`
		dest = append(dest, &start.block, &start.preceding)
	}
	err = tx.QueryRowContext(ctx, statement, args...).Scan(dest...)
	return total, held, start, err
}

// pointLookup reports whether q is the first page of employees with a
// value that names one: userName, id, externalId or an email equal to a
// value — what Entra and Okta ask before every write. Its matches are
// few by nature, so lookUp reads them before counting.
func pointLookup(q directory.EmployeeQuery) bool {
	c, ok := q.Filter.(filter.Compare)
	if !ok || c.Op != filter.Eq || c.Value == nil || q.Offset != 0 || q.PageAfter != "" || q.Limit == 0 || q.SortBy != nil || narrowedBeyondFilter(q) {
		return false
	}
	switch c.Attr.String() {
	case "userName", "id", "externalId", "emails.value", "emails":
		return true
	}
	return false
}

// lookUp is page for a pointLookup: the page is read first (the employees
// whose delete the guard holds left out, which costs nothing when every
// match is read anyway), and when it is not full its matches are all
// there are: no count.
func (s *Store) lookUp(ctx context.Context, tx handle, companyID string, q directory.EmployeeQuery, defs []directory.AttributeDef) ([]directory.Employee, int, error) {
	bq, err := buildEmployeesQuery(s.d, companyID, q, defs, queryShape{hideHeld: true, fewOnly: true})
	if err != nil {
		return nil, 0, err
	}
	list, err := readPage(ctx, tx, bq.PageFew, bq.PageFewArgs, 1)
	if err != nil || len(list) < q.Limit {
		return list, len(list), err
	}
	var total int
	err = tx.QueryRowContext(ctx, bq.Count, bq.Args...).Scan(&total)
	return list, total, err
}

// readPage runs a page query (employeeSelect columns) of about size rows.
func readPage(ctx context.Context, tx handle, query string, args []any, size int) ([]directory.Employee, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanPage(rowsOf(tx.p.d, rows), size)
}

// scanPage reads the employees of a page query (employeeSelect columns),
// about size of them.
func scanPage(rows Rows, size int) ([]directory.Employee, error) {
	list := make([]directory.Employee, 0, max(size, 0))
	var sc employeeScanner
	for rows.Next() {
		e, _, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// employeeExists returns EInvalid unless id is an employee of the
// company: the anchor of EmployeeQuery.After, which a deletion may have
// taken away (the page after it would otherwise be silently empty).
func (s *Store) employeeExists(ctx context.Context, tx handle, companyID, id string) error {
	n := 0
	if !directory.StorableText(id) {
		// No stored id holds such text.
	} else if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees e`+employeeByID(false), companyID, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return directory.Invalid("employee %q, where the page starts, is not there any more; start again from the first page", id)
	}
	return nil
}
