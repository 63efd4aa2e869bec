package sqlstore

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"roster/internal/directory"
)

// textColumn is a string attribute of an employee stored in its own
// column, with a *_fold twin when it compares case-insensitively.
type textColumn struct {
	name string
	fold bool
	get  func(e *directory.Employee) *string
}

// textColumns are the employees columns written from string fields, in
// the order of the INSERT and UPDATE statements below.
var textColumns = []textColumn{
	{"user_name", true, func(e *directory.Employee) *string { return &e.UserName }},
	// externalId is kept per connection: external_ids.go.
	{"given_name", true, func(e *directory.Employee) *string { return &e.Name.GivenName }},
	{"family_name", true, func(e *directory.Employee) *string { return &e.Name.FamilyName }},
	{"formatted_name", true, func(e *directory.Employee) *string { return &e.Name.Formatted }},
	{"middle_name", true, func(e *directory.Employee) *string { return &e.Name.MiddleName }},
	{"honorific_prefix", true, func(e *directory.Employee) *string { return &e.Name.HonorificPrefix }},
	{"honorific_suffix", true, func(e *directory.Employee) *string { return &e.Name.HonorificSuffix }},
	{"display_name", true, func(e *directory.Employee) *string { return &e.DisplayName }},
	{"nick_name", true, func(e *directory.Employee) *string { return &e.NickName }},
	{"profile_url", true, func(e *directory.Employee) *string { return &e.ProfileURL }},
	{"title", true, func(e *directory.Employee) *string { return &e.Title }},
	{"user_type", true, func(e *directory.Employee) *string { return &e.UserType }},
	{"preferred_language", true, func(e *directory.Employee) *string { return &e.PreferredLanguage }},
	{"locale", true, func(e *directory.Employee) *string { return &e.Locale }},
	{"timezone", true, func(e *directory.Employee) *string { return &e.Timezone }},
	{"employee_number", true, func(e *directory.Employee) *string { return &e.EmployeeNumber }},
	{"cost_center", true, func(e *directory.Employee) *string { return &e.CostCenter }},
	{"organization", true, func(e *directory.Employee) *string { return &e.Organization }},
	{"division", true, func(e *directory.Employee) *string { return &e.Division }},
	{"department", true, func(e *directory.Employee) *string { return &e.Department }},
	// The manager as sent, folded to find pending references that a
	// written employee matches, and the employee it resolves to.
	{"manager_value", true, func(e *directory.Employee) *string { return &e.Manager.Value }},
	{"manager_id", false, func(e *directory.Employee) *string { return &e.Manager.TargetID }},
}

// textColumnNames are the names of the text columns, each folded one
// followed by its fold twin: the order of appendTextValues.
var textColumnNames = textColumnNamesOf(allIndexedColumns)

// textColumnNamesOf are the names of the text columns but the indexed
// ones outside set (employee_update.go), in the order of
// appendTextValuesOf.
func textColumnNamesOf(set indexedColumns) []string {
	var names []string
	for i, c := range textColumns {
		if !textColumnIn(i, set) {
			continue
		}
		names = append(names, c.name)
		if c.fold {
			names = append(names, c.name+"_fold")
		}
	}
	return names
}

// appendTextValues appends e's values of the text columns to args, in
// the order of textColumnNames. Every create and update runs it: the
// names are not built again, and args has room for the values.
func appendTextValues(args []any, e *directory.Employee) []any {
	return appendTextValuesOf(args, e, allIndexedColumns)
}

// appendTextValuesOf is appendTextValues for the columns of
// textColumnNamesOf(set).
func appendTextValuesOf(args []any, e *directory.Employee, set indexedColumns) []any {
	for i, c := range textColumns {
		if !textColumnIn(i, set) {
			continue
		}
		v := *c.get(e)
		args = append(args, text(v))
		if c.fold {
			args = append(args, foldText(v))
		}
	}
	return args
}

var (
	// employeeInsert inserts an employee's row (sparse_inserts.go).
	employeeInsert *sparseInsert
	// employeeColumnLists are the select lists of an employee's own
	// columns, plain and packed (employeeColumns), and employeeSelects
	// their SELECTs from employees e (employeeSelect).
	employeeColumnLists, employeeSelects [2]string
)

// employeeColumns is the select list of an employee's own columns as d
// reads them (packed where d packs rows); employeeScanner matches it,
// through rowsOf. References are described by fillTargets afterwards.
func employeeColumns(d Dialect) string { return employeeColumnLists[packIndex(d)] }

// employeeSelect selects employeeColumns from employees e.
func employeeSelect(d Dialect) string { return employeeSelects[packIndex(d)] }

// selectsByTail holds employeesSelect's texts: as many as the shapes
// of the filters sent (userName eq, externalId eq …) and the reads of
// one employee, each some hundreds of bytes that a request built anew (a
// point lookup's a sixth of what it allocated).
var selectsByTail sync.Map // selectKey → string

type selectKey struct {
	dialect, tail           string
	details, withProvenance bool
}

// employeesSelect is the statement of the employees that tail ("FROM …")
// selects, for d: their columns, and with details a column of their
// details (employees_at_once.go), provenance too if withProvenance.
func employeesSelect(d Dialect, tail string, details, withProvenance bool) string {
	key := selectKey{d.Name(), tail, details, withProvenance}
	if q, ok := selectsByTail.Load(key); ok {
		return q.(string)
	}
	q := `SELECT ` + employeeColumns(d)
	if details {
		q += `, ` + detailsColumn(d, withProvenance) + ` `
	}
	q += tail
	selectsByTail.Store(key, q)
	return q
}

// packIndex indexes a pair of texts, plain and packed, for d.
func packIndex(d Dialect) int {
	if d.PacksRows() {
		return 1
	}
	return 0
}

func init() {
	names := textColumnNames
	employeeInsert = newSparseInsert("employees", slices.Concat([]string{"id", "company_id"}, names,
		[]string{"search_fold", "active", "status_changed_us", "created_us", "modified_us", "version", "source_connection_id", "last_connection_id", "last_admin_id", "creator_connection_id", "creator_admin_id"})...)

	var cols []string
	for _, c := range textColumns {
		cols = append(cols, "e."+c.name)
	}
	columns := `e.seq, e.id, e.company_id, ` + strings.Join(cols, ", ") +
		`, e.active, e.status_changed_us, e.created_us, e.modified_us, e.version, e.source_connection_id,
		e.last_connection_id, e.last_admin_id`
	employeeColumnLists = [2]string{columns, packed(columns)}
	for i, list := range employeeColumnLists {
		employeeSelects[i] = `SELECT ` + list + ` FROM employees e`
	}
}

// scanEmployee reads a row of employeeSelect; it returns the row's seq.
func scanEmployee(row interface{ Scan(...any) error }) (directory.Employee, int64, error) {
	var sc employeeScanner
	return sc.scan(row)
}

// employeeScanner reads rows of employeeSelect, one after another,
// through the same destinations: a page of a thousand employees made
// half its allocations building them row by row.
type employeeScanner struct {
	e                                     directory.Employee
	seq, statusChanged, created, modified int64
	dest                                  []any
}

// scan reads a row; it returns the employee and the row's seq.
func (sc *employeeScanner) scan(row interface{ Scan(...any) error }) (directory.Employee, int64, error) {
	if sc.dest == nil {
		e := &sc.e
		sc.dest = append(make([]any, 0, len(textColumns)+11), &sc.seq, &e.ID, &e.CompanyID)
		for _, c := range textColumns {
			sc.dest = append(sc.dest, nullString{c.get(e)})
		}
		sc.dest = append(sc.dest, &e.Active, &sc.statusChanged, &sc.created, &sc.modified, &e.Version, nullString{&e.SourceConnectionID},
			nullString{&e.LastWriter.ConnectionID}, nullString{&e.LastWriter.AdminID})
	}
	sc.e = directory.Employee{}
	if err := row.Scan(sc.dest...); err != nil {
		return directory.Employee{}, 0, err
	}
	e := sc.e
	e.StatusChanged = fromMicros(sc.statusChanged)
	e.Created = fromMicros(sc.created)
	e.LastModified = fromMicros(sc.modified)
	return e, sc.seq, nil
}

// insertEmployee runs st, the insert of an employee of companyID
// (employeeInsert's statement, or employeeInsertResolving's; its Explain
// tells its failure's meaning), as queueStatement does; at once where the committer keeps what it
// writes (written_employees.go) or the create counts itself (Dialect.CountCreate), both of which
// need the employee's seq (0 elsewhere).
func (h handle) insertEmployee(ctx context.Context, st Statement, companyID string) (int64, error) {
	query, args, explain := st.Query, st.Args, st.Explain
	count := h.p.d.CountCreate()
	if h.countsAtEnd == companyID {
		count = nil // its Batch counts it (Dialect.CountInBatch)
	}
	needsSeq := h.written != nil || count != nil
	switch {
	case !needsSeq && h.holdsEmployees():
		// A deferred create's: held with the rows (held_inserts.go),
		// its failure told later.
		return 0, h.holdEmployee(ctx, st)
	case !needsSeq && h.held == nil:
		return 0, h.queueStatement(ctx, st)
	}
	exec := h.ExecContext
	if h.mayPass() {
		// It reads none of the held tables (held_inserts.go): a run of
		// creates holds all their rows but their employees'.
		exec = h.execPassingHeld
	}
	res, err := exec(ctx, query, args...)
	if err != nil {
		return 0, explain(err)
	}
	if !needsSeq {
		return 0, nil
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	for _, statement := range count {
		if err := h.execLater(ctx, statement, companyID, seq); err != nil {
			return 0, err
		}
	}
	return seq, nil
}

// CreateEmployee stores e, filling in Created, LastModified, StatusChanged
// and Version, and records its initial status in the history. Its
// references are resolved, and other employees' pending references that
// it matches are resolved to it.
func (s *Store) CreateEmployee(ctx context.Context, e *directory.Employee, by directory.Actor) error {
	if e.ID == "" {
		return s.wrap("create employee", directory.Invalid("employee id is required"))
	}
	err := s.writeFor(ctx, e.CompanyID, func(tx handle) error { return s.createEmployee(ctx, tx, e, by, describedTargets) })
	return s.wrap("create employee", err)
}

// createEmployee is CreateEmployee in the write transaction tx; e is only
// changed when it succeeds, and its references name their targets as
// shown says.
func (s *Store) createEmployee(ctx context.Context, tx handle, e *directory.Employee, by directory.Actor, shown targetsShown) error {
	// What the create may leave pending (batch_facts.go), its manager
	// perhaps where its insert is to resolve it.
	var w *refWriter
	defer func() { tx.facts.wrote(e, w != nil && w.managerInInsert) }()
	if e.ID == "" {
		return directory.Invalid("employee id is required")
	}
	now := s.clock()
	c := e.Copy()
	c.Created, c.LastModified, c.StatusChanged = now, now, now
	c.Version = 1
	c.SourceConnectionID = by.ConnectionID
	takeExternalID(&c, nil, by)
	c.Provenance, c.LastWriter = nil, by
	company, err := s.lockForEmployeeWrite(ctx, tx, c.CompanyID)
	if err != nil {
		return err
	}
	heldID := ""
	if company.heldDeletes {
		if heldID, err = heldDeleteOf(ctx, tx, &c, by); err != nil {
			return err
		}
	}
	if heldID != "" {
		restored, err := s.update(ctx, tx, c.CompanyID, heldID, by, func(u *directory.Employee) error {
			stored := *u
			*u = c
			// What another connection wrote survives, as in its PUT.
			directory.KeepOthers(&stored, u, by.ConnectionID)
			return nil
		}, true)
		if err == nil {
			*e = restored
		}
		return err
	}
	notApplied := company.applyOwners(nil, &c, by)
	if err := c.Validate(); err != nil {
		return err
	}
	w, err = s.newRefWriter(ctx, tx, &c, by, now)
	if err != nil {
		return err
	}
	var referrers *foundReferrers
	if company.pending.mayMatch(&c) {
		// Read with its own resolution (refs.go).
		if referrers, err = w.findReferrers(ctx); err != nil {
			return err
		}
	}
	// A deferred create's caller reads no target: where statements are
	// sent together and the create reads nothing else, its manager is
	// resolved by its insert (refs.go), in no round trip of its own.
	w.managerWithInsert = shown == bareTargets && tx.queue != nil && referrers == nil && !s.d.OmitsNullColumns()
	// A new employee sorts after every stored one: it loses ties.
	if err := w.resolveOwn(ctx, nil, math.MaxInt64); err != nil {
		return err
	}
	args := appendTextValues(append(make([]any, 0, 2+len(textColumnNames)+11), c.ID, c.CompanyID), &c)
	args = append(args, SearchFold(&c), c.Active, micros(now), micros(now), micros(now), c.Version, text(c.SourceConnectionID),
		text(c.LastWriter.ConnectionID), text(c.LastWriter.AdminID), text(by.ConnectionID), text(by.AdminID))
	// Queued with what follows: a taken userName or id fails the insert,
	// and so the write, when it is sent (PostgreSQL aborts the
	// transaction on a unique violation, so it could not be asked which
	// afterwards; the violated index tells).
	insert := Statement{Explain: func(err error) error {
		switch {
		case s.d.IsUniqueViolationOf(err, "employees_user_name"):
			return userNameTaken(c.UserName)
		case s.d.IsUniqueViolation(err):
			return directory.Conflict("an employee with id %q already exists", c.ID)
		}
		return err
	}}
	insert.Query, insert.Args = employeeInsert.statement(s.d, args)
	if w.managerInInsert {
		insert.Query, insert.Args = w.employeeInsertResolving(insert.Args)
		insert.Resolves = Fold(c.Manager.Value)
	}
	if tx.queue != nil {
		insert.Names = matchKeys(&c) // for merged_writes.go
	}
	seq, err := tx.insertEmployee(ctx, insert, c.CompanyID)
	if err != nil {
		return err
	}
	if err := s.writeEmails(ctx, tx, &c, false); err != nil {
		return err
	}
	if err := s.writeValueLists(ctx, tx, &c, false); err != nil {
		return err
	}
	if err := w.writeValues(ctx, nil); err != nil {
		return err
	}
	if err := s.recordStatus(ctx, tx, &c, by); err != nil {
		return err
	}
	changes := directory.Diff(nil, &c)
	if err := s.recordWrite(ctx, tx, &c, nil, changes, by); err != nil {
		return err
	}
	if referrers != nil {
		if err := w.resolveReferrers(ctx, referrers); err != nil {
			return err
		}
	}
	tx.noteHeld(&c) // held_reads.go
	if w.managerInInsert {
		tx.written.forgetEmployee(c.ID) // its manager's target unknown here
	} else {
		tx.written.wrote(&c, seq)
	}
	if shown == describedTargets {
		list := []directory.Employee{c}
		if err := s.fillTargets(ctx, tx, list); err != nil {
			return err
		}
		c = list[0]
	}
	if err := s.logWrite(ctx, tx, by, directory.OpCreate, &c, changes, notApplied); err != nil {
		return err
	}
	*e = c
	return nil
}

// targetsShown is whether a written employee returned to its caller
// names its references' targets (TargetName, TargetEmail): one more read
// of the targets, which on PostgreSQL is a round trip and in a Batch
// sends what was held (held_inserts.go) — a deferred create's caller
// reads only its id and version.
type targetsShown bool

const (
	describedTargets targetsShown = true
	bareTargets      targetsShown = false
)

func userNameTaken(userName string) error {
	return directory.Conflict("userName %q is already taken in this company (userNames are compared case-insensitively)", userName)
}

// writeEmails stores the emails of e, replacing stored ones if replace.
func (s *Store) writeEmails(ctx context.Context, tx handle, e *directory.Employee, replace bool) error {
	if replace {
		if err := tx.execLater(ctx, `DELETE FROM employee_emails WHERE employee_id = ?`, e.ID); err != nil {
			return err
		}
	}
	rows := make([][]any, len(e.Emails))
	for i, m := range e.Emails {
		rows[i] = []any{e.ID, e.CompanyID, i, m.Value, Fold(m.Value), text(m.Type), foldText(m.Type), m.Primary}
	}
	return insertRows(ctx, tx, &emailRows, rows)
}

// emailRows are the employees' emails, one row each.
var emailRows = rowsTable{name: "employee_emails",
	columns: []string{"employee_id", "company_id", "position", "value", "value_fold", "type", "type_fold", "is_primary"}}

// Employee returns the company's employee with the id.
func (s *Store) Employee(ctx context.Context, companyID, id string) (directory.Employee, error) {
	var e directory.Employee
	ctx = s.shortRead(ctx) // one employee by its key: uncancelled.go
	read := s.readUnlessChanged
	if s.d.SendTogether() != nil {
		// The employee and its details are one statement: it needs no
		// transaction (employees_at_once.go).
		read = s.readAtOnce
	}
	err := read(ctx, func(tx handle) error {
		var err error
		e, _, err = s.loadEmployee(ctx, tx, companyID, id, false)
		return err
	})
	if err != nil {
		return directory.Employee{}, s.wrap("employee", err)
	}
	return e, nil
}

// loadEmployee reads one employee with its emails, attribute values and
// reference targets; ENotFound when the company has no employee with the
// id, or only one whose delete the guard holds (it is gone for SCIM and
// the directory). forUpdate locks its row until the (write) transaction
// ends.
func (s *Store) loadEmployee(ctx context.Context, q handle, companyID, id string, forUpdate bool) (directory.Employee, int64, error) {
	return s.loadEmployeeRow(ctx, q, companyID, id, forUpdate, false)
}

// liveSQL keeps the employees whose delete the guard does not hold
// (migration 0016).
const liveSQL = `e.held_deleted_us IS NULL`

// employeeRowQuery selects an employee by company and id (employeeSelect
// columns); held finds it also while the guard holds its delete,
// forUpdate locks its row until the write transaction ends.
func (s *Store) employeeRowQuery(forUpdate, held bool) string {
	query := employeeSelect(s.d) + employeeByID(held)
	if forUpdate {
		query += s.d.ForUpdate("e")
	}
	return query
}

// employeeByID is the condition on employees e of the employee of a
// company (?) by id (?); held also finds it while the guard holds its
// delete.
func employeeByID(held bool) string {
	if held {
		return ` WHERE e.company_id = ? AND e.id = ?`
	}
	return ` WHERE e.company_id = ? AND e.id = ? AND ` + liveSQL
}

// loadEmployeeTogether is loadEmployeeRow where statements are sent
// together: the employee with its details, in one statement
// (employees_at_once.go), queued and sent with what is queued before it
// in one round trip.
func (s *Store) loadEmployeeTogether(ctx context.Context, q handle, companyID, id string, forUpdate, held bool) (directory.Employee, int64, error) {
	if !directory.StorableText(id) {
		return directory.Employee{}, 0, directory.NotFound("employee %q not found", id)
	}
	tail := `FROM employees e` + employeeByID(held)
	if forUpdate {
		tail += s.d.ForUpdate("e")
	}
	got, err := s.queueEmployees(ctx, q, tail, []any{companyID, id}, true)
	if err == nil {
		err = q.flush(ctx)
	}
	if err != nil {
		return directory.Employee{}, 0, err
	}
	if len(got.list) == 0 {
		return directory.Employee{}, 0, directory.NotFound("employee %q not found", id)
	}
	return got.list[0], got.seqs[0], nil
}

// loadEmployeeRow is loadEmployee, also finding an employee whose delete
// the guard holds if held (for releasing or restoring it).
func (s *Store) loadEmployeeRow(ctx context.Context, q handle, companyID, id string, forUpdate, held bool) (directory.Employee, int64, error) {
	if !directory.StorableText(id) {
		// No id holds it, and PostgreSQL would fail the query (and the
		// transaction with it) rather than find nothing.
		return directory.Employee{}, 0, directory.NotFound("employee %q not found", id)
	}
	if q.queue != nil {
		return s.loadEmployeeTogether(ctx, q, companyID, id, forUpdate, held)
	}
	e, seq, err := scanEmployee(rowOf(s.d, q.QueryRowContext(ctx, s.employeeRowQuery(forUpdate, held), companyID, id)))
	if isNoRows(err) {
		return directory.Employee{}, 0, directory.NotFound("employee %q not found", id)
	}
	if err != nil {
		return directory.Employee{}, 0, err
	}
	list := []directory.Employee{e}
	if err := s.loadDetails(ctx, q, list, true); err != nil {
		return directory.Employee{}, 0, err
	}
	return list[0], seq, nil
}

// emailBatch bounds the ids of one "IN (…)" list.
const emailBatch = 500

// inBatches calls fn with the ids of list, at most emailBatch at a time.
func inBatches(list []directory.Employee, fn func(ids []any) error) error {
	for start := 0; start < len(list); start += emailBatch {
		batch := list[start:min(start+emailBatch, len(list))]
		ids := make([]any, 0, len(batch))
		for _, e := range batch {
			ids = append(ids, e.ID)
		}
		if err := fn(ids); err != nil {
			return err
		}
	}
	return nil
}

// UpdateEmployee applies fn to a copy of the stored employee and stores
// the result in the same transaction: Version+1, LastModified now, and a
// status history entry when Active changed. When fn changed nothing, the
// stored employee is left as it was (same Version and LastModified). fn cannot change the id,
// company, creation time, version or source connection.
func (s *Store) UpdateEmployee(ctx context.Context, companyID, id string, by directory.Actor, fn func(*directory.Employee) error) (directory.Employee, error) {
	var out directory.Employee
	err := s.writeFor(ctx, companyID, func(tx handle) error {
		var err error
		out, err = s.updateEmployee(ctx, tx, companyID, id, by, fn)
		return err
	})
	if err != nil {
		return directory.Employee{}, s.wrap("update employee", err)
	}
	return out, nil
}

// updateEmployee is UpdateEmployee in the write transaction tx.
func (s *Store) updateEmployee(ctx context.Context, tx handle, companyID, id string, by directory.Actor, fn func(*directory.Employee) error) (directory.Employee, error) {
	out, err := s.update(ctx, tx, companyID, id, by, fn, false)
	tx.facts.wrote(&out, false) // batch_facts.go
	return out, err
}

// update is updateEmployee; restore makes it find the employee whose
// delete the guard holds, and end the hold (restoreHeld) after writing
// fn's change to it.
func (s *Store) update(ctx context.Context, tx handle, companyID, id string, by directory.Actor, fn func(*directory.Employee) error, restore bool) (directory.Employee, error) {
	// The company's facts go with the employee's read: one round trip.
	facts, err := s.lockForEmployeeWriteLater(ctx, tx, companyID)
	if err != nil {
		return directory.Employee{}, err
	}
	old, seq, err := s.loadForUpdate(ctx, tx, companyID, id, restore)
	if err != nil {
		return directory.Employee{}, err
	}
	company, err := facts()
	if err != nil {
		return directory.Employee{}, err
	}
	old.SeenBy(by.ConnectionID)
	e := old.Copy()
	if err := fn(&e); err != nil {
		return directory.Employee{}, err
	}
	// What the store owns, whatever fn did.
	e.ID, e.CompanyID, e.Created, e.SourceConnectionID = old.ID, old.CompanyID, old.Created, old.SourceConnectionID
	e.StatusChanged, e.Provenance, e.LastWriter = old.StatusChanged, old.Provenance, old.LastWriter
	takeExternalID(&e, old.ExternalIDs, by)
	notApplied := company.applyOwners(&old, &e, by)
	if err := e.Validate(); err != nil {
		return directory.Employee{}, err
	}
	changes := directory.Diff(&old, &e)
	if !restore && len(changes) == 0 && slices.Equal(e.ExternalIDs, old.ExternalIDs) {
		// Nothing to store (a restore always writes: the held-deleted
		// row comes back, its userName fold with it): the row, its version and lastModified stay
		// as they were (RFC 7644 §3.14: the version is the resource's; a
		// client that re-sent what it sent must not see it move, nor
		// re-read everyone on a changed ETag). The write is still
		// logged, as "no change", with what was not applied.
		return s.endUpdate(ctx, tx, by, old, nil, notApplied)
	}
	now := s.clock()
	e.Version = old.Version + 1
	e.LastModified = now
	if len(changes) > 0 {
		e.LastWriter = by
	}
	if e.Active != old.Active {
		e.StatusChanged = now
	}
	w, err := s.newRefWriter(ctx, tx, &e, by, now)
	if err != nil {
		return directory.Employee{}, err
	}
	if err := w.resolveOwn(ctx, &old, seq); err != nil {
		return directory.Employee{}, err
	}
	set, search := changedIndexed(&old, &e)
	if restore {
		set = allIndexedColumns // the userName's fold comes back with the row
	}
	err = tx.execLaterExplained(ctx, func(err error) error {
		if s.d.IsUniqueViolation(err) {
			return userNameTaken(e.UserName)
		}
		return err
	}, updateEmployeeSQL[set], updateEmployeeArgs(&e, set, search, micros(now), seq)...)
	if err != nil {
		return directory.Employee{}, err
	}
	if !slices.Equal(e.Emails, old.Emails) {
		if err := s.writeEmails(ctx, tx, &e, true); err != nil {
			return directory.Employee{}, err
		}
	}
	if !e.SameLists(&old) {
		if err := s.writeValueLists(ctx, tx, &e, true); err != nil {
			return directory.Employee{}, err
		}
	}
	if !sameValues(e.Attributes, old.Attributes) {
		if err := w.writeValues(ctx, old.Attributes); err != nil {
			return directory.Employee{}, err
		}
	}
	if restore {
		if err := s.restoreHeld(ctx, tx, &e, seq, by, now); err != nil {
			return directory.Employee{}, err
		}
	}
	if e.Active != old.Active {
		record, err := s.guardStatus(ctx, tx, &e, by, now)
		if err != nil {
			return directory.Employee{}, err
		}
		if !record && !e.Active {
			notApplied = append(notApplied, directory.NotApplied{Attribute: "active", Reason: directory.GuardHeld})
		}
		if record {
			if err := s.recordStatus(ctx, tx, &e, by); err != nil {
				return directory.Employee{}, err
			}
		}
	}
	if err := s.recordWrite(ctx, tx, &e, &old, changes, by); err != nil {
		return directory.Employee{}, err
	}
	// Only what references match on can make pending ones resolve (a
	// restored employee can be matched again at all).
	matchable := restore || !strings.EqualFold(e.UserName, old.UserName) || !slices.Equal(e.ExternalIDs, old.ExternalIDs) || !slices.Equal(e.Emails, old.Emails)
	if matchable && company.pending.mayMatch(&e) {
		if err := w.resolvePending(ctx); err != nil {
			return directory.Employee{}, err
		}
	}
	tx.noteHeld(&e) // held_reads.go
	if restore || e.Active != old.Active {
		tx.written.forget() // the guard's holds, and the employee's
	} else {
		tx.written.wrote(&e, seq)
	}
	return s.endUpdate(ctx, tx, by, e, changes, notApplied)
}

// endUpdate logs an update of e and returns e as read back, its references
// described.
func (s *Store) endUpdate(ctx context.Context, tx handle, by directory.Actor, e directory.Employee, changes []directory.Change, notApplied []directory.NotApplied) (directory.Employee, error) {
	list := []directory.Employee{e}
	if err := s.fillTargets(ctx, tx, list); err != nil {
		return directory.Employee{}, err
	}
	if err := s.logWrite(ctx, tx, by, directory.OpUpdate, &list[0], changes, notApplied); err != nil {
		return directory.Employee{}, err
	}
	return list[0], nil
}

// DeleteEmployee removes the employee (its emails, values, status history
// and activity go with it) after check passes, and clears the references
// of others to it, which counts as a change of those employees and is
// recorded in their activity. Rounds that have opened are frozen first,
// so that they keep the employee. A delete the guard holds only hides
// the employee (holdDelete).
func (s *Store) DeleteEmployee(ctx context.Context, companyID, id string, by directory.Actor, check func(*directory.Employee) error) error {
	err := s.writeFor(ctx, companyID, func(tx handle) error { return s.deleteEmployee(ctx, tx, companyID, id, by, check) })
	return s.wrap("delete employee", err)
}

// deleteEmployee is DeleteEmployee in the write transaction tx.
func (s *Store) deleteEmployee(ctx context.Context, tx handle, companyID, id string, by directory.Actor, check func(*directory.Employee) error) error {
	defer tx.facts.forget() // the guard may hold it: batch_facts.go
	// It clears others' references to it: written_employees.go.
	defer tx.written.forget()
	if err := s.lockCompany(ctx, tx, companyID); err != nil {
		if directory.ErrorCode(err) == directory.ENotFound {
			return directory.NotFound("employee %q not found", id)
		}
		return err
	}
	e, seq, err := s.loadEmployee(ctx, tx, companyID, id, true)
	if err != nil {
		return err
	}
	if check != nil {
		if err := check(&e); err != nil {
			return err
		}
	}
	now := s.clock()
	if by.ConnectionID != "" { // administrators are not guarded against
		held, err := s.guardWrite(ctx, tx, &e, directory.GuardDelete, by, now)
		if err != nil {
			return err
		}
		if held {
			return s.holdDelete(ctx, tx, &e, seq, by, now)
		}
	}
	// Its unreleased holds go with it; released ones stay (guard.go).
	if _, err := tx.ExecContext(ctx, `DELETE FROM guard_holds WHERE employee_id = ? AND released_us IS NULL`, e.ID); err != nil {
		return err
	}
	deletion := directory.StatusChange{EmployeeID: e.ID, At: now, ConnectionID: by.ConnectionID, AdminID: by.AdminID}
	if err := s.removeEmployee(ctx, tx, &e, seq, deletion, requestIDOf(by), by, now); err != nil {
		return err
	}
	return s.logWrite(ctx, tx, by, directory.OpDelete, &e, directory.Diff(&e, nil), nil)
}

// removeEmployee deletes e's row (stored at seq) for good, records the
// deletion d made by request requestID (at its own time: a released
// delete keeps the time it was made), and clears the references of
// others to e, by by at now. Rounds opened before now are frozen first:
// their audiences keep e. One opening at now is not: a change at the
// opening counts as before it (audience.go), and so do the changes after
// this one at the same instant.
func (s *Store) removeEmployee(ctx context.Context, tx handle, e *directory.Employee, seq int64, d directory.StatusChange, requestID string, by directory.Actor, now time.Time) error {
	if err := freezeOpened(ctx, tx, e.CompanyID, now.Add(-time.Microsecond)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM employees WHERE seq = ?`, seq); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO employee_deletions (employee_id, company_id, at_us, connection_id, admin_id, request_id)
		VALUES (?, ?, ?, ?, ?, ?)`, e.ID, e.CompanyID, micros(d.At), text(d.ConnectionID), text(d.AdminID), text(requestID)); err != nil {
		return err
	}
	return s.clearReferencesTo(ctx, tx, e, by, now)
}
