package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"roster/internal/directory"
)

// References: an employee's manager and its employee-typed attribute
// values name another employee of the company by a value as sent (id,
// userName, email or externalId). Both are kept the same way: the value
// as sent, its fold, and the resolved target's id (NULL while pending).
//
// The rules, shared by both kinds:
//
//   - A reference is resolved when it is written: the company's employee
//     whose id equals the value, else whose userName folds equal to it,
//     else one of whose emails does, else whose externalId equals it;
//     among several at the same rank the oldest (lowest seq). No match
//     leaves it pending. An unchanged value that was resolved keeps its
//     target: a resolved reference points at a person, not at whoever
//     matches the value today.
//   - Writing an employee (creating it, or changing its userName, emails
//     or externalId) resolves the pending references of other employees
//     that it now matches. Since every write does this, a pending
//     reference matches no employee, so the written one is its target.
//     Employee writes of a company are serialised (lockCompany), so no
//     concurrent write can slip between a pending reference and the
//     employee it waits for.
//   - Deleting an employee removes the references to it altogether.
//   - Resolution and clearing change the referring employee: its version
//     and modification time move, and its activity records why.

// refWriter writes one employee's references and attribute values in a
// write transaction.
type refWriter struct {
	s   *Store
	tx  handle
	e   *directory.Employee
	by  directory.Actor
	now time.Time
	// defs are the company's attributes by id, loaded when needed.
	defs map[string]directory.AttributeDef
	// managerWithInsert lets resolveOwn leave a create's manager to the
	// employee's insert (employeeInsertResolving): where statements are
	// sent together, the create reads nothing else, and its caller does
	// not read the target. managerInInsert is set when it did.
	managerWithInsert, managerInInsert bool
}

// newRefWriter checks e's attribute values against the company's
// definitions and brings them into stored form: only the field of the
// attribute's type is kept, and an empty text, date or reference is no
// value at all.
func (s *Store) newRefWriter(ctx context.Context, tx handle, e *directory.Employee, by directory.Actor, now time.Time) (*refWriter, error) {
	w := &refWriter{s: s, tx: tx, e: e, by: by, now: now}
	if len(e.Attributes) == 0 {
		e.Attributes = nil
		return w, nil
	}
	defs, err := s.writeDefs(ctx, tx, e.CompanyID)
	if err != nil {
		return nil, err
	}
	w.defs = defs // what it reads of them (a type, a name) no admission changes
	for id, v := range e.Attributes {
		d, ok := defs[id]
		if !ok {
			return nil, directory.Invalid("attribute %q is not defined for this company; an administrator must create it first", id)
		}
		nv, ok, err := d.Check(v)
		if err != nil {
			return nil, err
		}
		if !ok {
			delete(e.Attributes, id)
			continue
		}
		if d.Admit(nv.Text) { // d is a copy; Admit clips before it appends
			tx.facts.admitted(e.CompanyID) // batch_facts.go: the next write reads them again
			if err := s.admitOption(ctx, tx, &d); err != nil {
				return nil, err
			}
		}
		e.Attributes[id] = nv
	}
	if len(e.Attributes) == 0 {
		e.Attributes = nil
	}
	return w, nil
}

// admitOption stores the options of an open list that just admitted a
// value. The caller's transaction holds the company lock (lockCompany),
// as every employee write's does: two writes admitting the same new value
// run one after the other, and the second finds it among the options.
func (s *Store) admitOption(ctx context.Context, tx handle, d *directory.AttributeDef) error {
	options, newOptions, err := optionColumns(d)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE attribute_defs SET options = ?, new_options = ? WHERE id = ?`, options, newOptions, d.ID)
	return err
}

// writeDefs returns the company's attribute definitions by id for an
// employee write in tx: kept from an earlier write that holds the
// company's lock with it (batch_facts.go), or read. The map is shared:
// the caller must not change it.
func (s *Store) writeDefs(ctx context.Context, tx handle, companyID string) (map[string]directory.AttributeDef, error) {
	if defs, ok := tx.facts.defsOf(companyID); ok {
		return defs, nil
	}
	defs, err := s.attributeDefs(ctx, tx, companyID)
	if err == nil {
		tx.facts.readDefs(companyID, defs)
	}
	return defs, err
}

// sameValues reports whether two attribute maps store the same.
func sameValues(a, b map[string]directory.AttributeValue) bool {
	if len(a) != len(b) {
		return false
	}
	for id, x := range a {
		if y, ok := b[id]; !ok || !sameValue(x, y) {
			return false
		}
	}
	return true
}

// sameValue reports whether two values of an attribute store the same.
func sameValue(x, y directory.AttributeValue) bool {
	return x.Text == y.Text && x.Date == y.Date && x.Number == y.Number &&
		x.Ref.Value == y.Ref.Value && x.Ref.TargetID == y.Ref.TargetID
}

// resolveOwn resolves e's references. old is the stored employee (nil on
// create): a reference whose value did not change keeps its target. seq
// is e's creation rank, which breaks ties against other matches.
func (w *refWriter) resolveOwn(ctx context.Context, old *directory.Employee, seq int64) error {
	keep := func(now, before directory.Reference) (directory.Reference, bool) {
		if now.Value == "" {
			return directory.Reference{}, true
		}
		if old != nil && before.TargetID != "" && before.Value == now.Value {
			return directory.Reference{Value: now.Value, TargetID: before.TargetID}, true
		}
		return directory.Reference{Value: now.Value}, false
	}
	var oldManager directory.Reference
	if old != nil {
		oldManager = old.Manager
	}
	ref, done := keep(w.e.Manager, oldManager)
	if !done && w.managerWithInsert && matchRank(w.e, ref.Value) == 0 {
		// Not the employee itself, whoever else it names: resolved by
		// its insert, its target unknown here.
		done, w.managerInInsert = true, true
	}
	if !done {
		id, err := w.resolve(ctx, ref.Value, seq)
		if err != nil {
			return err
		}
		if id == w.e.ID {
			return directory.Invalid("an employee cannot be their own manager (manager %q is this employee)", ref.Value)
		}
		ref.TargetID = id
	}
	w.e.Manager = ref
	for id, v := range w.e.Attributes {
		if w.defs[id].Type != directory.TypeEmployee {
			continue
		}
		var before directory.Reference
		if old != nil {
			before = old.Attributes[id].Ref
		}
		ref, done := keep(v.Ref, before)
		if !done {
			target, err := w.resolve(ctx, ref.Value, seq)
			if err != nil {
				return err
			}
			if target == w.e.ID {
				return directory.Invalid("an employee cannot reference themselves in attribute %q (%q is this employee)", w.defs[id].Name, ref.Value)
			}
			ref.TargetID = target
		}
		v.Ref = ref
		w.e.Attributes[id] = v
	}
	return nil
}

// resolveSQL finds the stored employees a reference value matches, best
// first: rank 1 id, 2 userName, 3 email, 4 externalId (any connection's); the oldest within a
// rank. The employee being written is excluded: its stored row may be
// stale, so resolve matches it in Go. An employee whose delete the guard
// holds is matched by none, as a deleted one.
const resolveSQL = `SELECT id, r, seq FROM (
	SELECT e.id, 1 AS r, e.seq FROM employees e WHERE e.company_id = ? AND e.id = ? AND ` + liveSQL + `
	UNION ALL SELECT e.id, 2 AS r, e.seq FROM employees e WHERE e.company_id = ? AND e.user_name_fold = ? AND ` + liveSQL + `
	UNION ALL SELECT e.id, 3 AS r, e.seq FROM employee_emails m JOIN employees e ON e.id = m.employee_id
		WHERE m.company_id = ? AND m.value_fold = ? AND ` + liveSQL + `
	UNION ALL SELECT e.id, 4 AS r, e.seq FROM employee_external_ids x JOIN employees e ON e.id = x.employee_id
		WHERE x.company_id = ? AND x.value = ? AND ` + liveSQL + `
) matches WHERE id <> ? ORDER BY r, seq LIMIT 1`

// resolveArgs are resolveSQL's arguments: value in the company, the
// employee exclude left out.
func resolveArgs(companyID, value, exclude string) []any {
	f := Fold(value)
	return []any{companyID, value, companyID, f, companyID, f, companyID, value, exclude}
}

// bestMatch is the row resolveSQL reads: the employee a value names
// best, its rank (0 for none) and seq.
type bestMatch struct {
	id        string
	rank, seq int64
}

// read reads m from resolveSQL's rows.
func (m *bestMatch) read(rows Rows) error {
	if rows.Next() {
		return rows.Scan(&m.id, &m.rank, &m.seq)
	}
	return rows.Err()
}

// resolve returns the id of the employee value names ("" when none), e
// itself (with creation rank seq) included.
func (w *refWriter) resolve(ctx context.Context, value string, seq int64) (string, error) {
	var m bestMatch
	if err := w.tx.queryByValue(ctx, value, m.read, resolveSQL, resolveArgs(w.e.CompanyID, value, w.e.ID)...); err != nil {
		return "", err
	}
	if self := matchRank(w.e, value); self > 0 && (m.rank == 0 || self < m.rank || (self == m.rank && seq < m.seq)) {
		return w.e.ID, nil
	}
	return m.id, nil
}

// employeeInsertResolving is the employee's insert, args as
// employeeInsert's of every column, with manager_id the resolution of its
// manager's value (resolveSQL) instead of a value: what resolve would
// have read, or NULL where the reference stays pending. A Bulk create
// naming its manager waited a round trip for that read; an UPDATE after
// the insert instead wrote the row into each of its ten indexes again,
// and cost more than the round trip (history, twenty-fifth round). The
// statement is no plain INSERT of placeholders: a run of them is merged
// as merged_resolving.go says, and its writes' other rows as
// merged_writes.go does.
func (w *refWriter) employeeInsertResolving(args []any) (string, []any) {
	text, at := resolvingInsert()
	out := make([]any, 0, len(args)+8)
	out = append(out, args[:at]...)
	out = append(out, resolveArgs(w.e.CompanyID, w.e.Manager.Value, w.e.ID)...)
	return text, append(out, args[at+1:]...)
}

// resolvingInsert is employeeInsertResolving's text, and the index of
// manager_id among employeeInsert's columns.
var resolvingInsert = sync.OnceValues(func() (string, int) {
	return resolvingInsertHead() + employeeRowWithManager(`(SELECT id FROM (`+resolveSQL+`) best)`), managerColumn()
})

// resolvingInsertHead is an employee insert naming every column, up to
// its rows.
func resolvingInsertHead() string {
	return `INSERT INTO employees (` + strings.Join(employeeInsert.columns, ", ") + `) VALUES `
}

// managerColumn is the index of manager_id among employeeInsert's
// columns.
func managerColumn() int { return slices.Index(employeeInsert.columns, "manager_id") }

// employeeRowWithManager is a row of resolvingInsertHead's values:
// placeholders, but manager_id the expression manager.
func employeeRowWithManager(manager string) string {
	values := make([]string, len(employeeInsert.columns))
	for i := range values {
		values[i] = "?"
	}
	values[managerColumn()] = manager
	return "(" + strings.Join(values, ", ") + ")"
}

// matchRank is the rank at which value names e (see resolveSQL), 0 for
// none.
func matchRank(e *directory.Employee, value string) int64 {
	switch {
	case e.ID == value:
		return 1
	case Fold(e.UserName) == Fold(value):
		return 2
	case slices.ContainsFunc(e.Emails, func(m directory.Email) bool { return Fold(m.Value) == Fold(value) }):
		return 3
	case e.HasExternalID(value): // any connection's
		return 4
	}
	return 0
}

// writeValues stores e's attribute values where they differ from old,
// the stored ones (nil for a new employee): the rows of values gone or
// changed are deleted, and the changed and new ones inserted. An update
// that changes one value of an employee's five — HR moving someone to
// another department — rewrites that one row, not all five (each row
// is an entry of three indexes).
func (w *refWriter) writeValues(ctx context.Context, old map[string]directory.AttributeValue) error {
	e := w.e
	var gone []string
	for id, was := range old {
		if now, ok := e.Attributes[id]; !ok || !sameValue(now, was) {
			gone = append(gone, id)
		}
	}
	if len(gone) > 0 {
		slices.Sort(gone)
		args := append(make([]any, 0, 1+len(gone)), e.ID)
		for _, id := range gone {
			args = append(args, id)
		}
		if err := w.tx.execLater(ctx, `DELETE FROM employee_attribute_values WHERE employee_id = ? AND attribute_id IN (`+placeholders(len(gone))+`)`, args...); err != nil {
			return err
		}
	}
	var rows [][]any
	for _, id := range sortedKeys(e.Attributes) {
		if was, ok := old[id]; ok && sameValue(e.Attributes[id], was) {
			continue // stored as it is
		}
		c := valueColumnsOf(w.defs[id].Type, e.Attributes[id])
		rows = append(rows, []any{e.ID, id, e.CompanyID, c.text, c.textFold, c.number, c.date, c.ref, c.refFold, c.target})
	}
	return insertRows(ctx, w.tx, &attributeValueRows, rows)
}

// attributeValueRows are the employees' values of company attributes.
var attributeValueRows = rowsTable{name: "employee_attribute_values", columns: []string{"employee_id", "attribute_id", "company_id",
	"text_value", "text_fold", "number_value", "date_value", "ref_value", "ref_fold", "ref_target_id"}}

// valueColumns are the stored columns of an attribute value: the ones of
// its type are set, the others NULL.
type valueColumns struct {
	text, textFold, number, date, ref, refFold, target any
}

func valueColumnsOf(t directory.AttributeType, v directory.AttributeValue) valueColumns {
	var c valueColumns
	switch t {
	case directory.TypeOption:
		c.text, c.textFold = v.Text, Fold(v.Text)
	case directory.TypeNumber:
		c.number = v.Number
	case directory.TypeDate:
		c.date = v.Date
	case directory.TypeEmployee:
		c.ref, c.refFold, c.target = v.Ref.Value, Fold(v.Ref.Value), text(v.Ref.TargetID)
	}
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// referrer is one reference of another employee that a write concerns.
type referrer struct {
	seq        int64
	employeeID string
	attribute  string // "" for the manager, else the attribute id
	name       string // "manager" or the attribute's name
	value      string
}

// resolvePending resolves the pending references of the company's other
// employees that e now matches, recording each in the referrer's activity.
func (w *refWriter) resolvePending(ctx context.Context) error {
	found, err := w.findReferrers(ctx)
	if err != nil {
		return err
	}
	return w.resolveReferrers(ctx, found)
}

// foundReferrers are the pending references a write's employee may
// resolve, once the read of them is sent.
type foundReferrers struct {
	refs []referrer
	read bool
}

// findReferrers queues the read of the pending references of the
// company's other employees that e matches. Nothing e's own write does
// changes them, so a create may read them with its resolution, before
// its inserts — where statements are sent together, one round trip for
// both (a Bulk create named as the manager of the one before it).
func (w *refWriter) findReferrers(ctx context.Context) (*foundReferrers, error) {
	e := w.e
	keys := matchKeys(e) // pending_refs.go
	args := make([]any, 0, 6*len(keys))
	for range 2 { // managers, attributes
		for _, k := range keys {
			args = append(args, e.CompanyID, e.ID, k)
		}
	}
	found := &foundReferrers{}
	err := w.tx.lookByKeys(ctx, keys, func(rows Rows) error { // held_reads.go
		found.read = true
		return collectReferrers(rows, &found.refs)
	}, pendingReferrersSQL(len(keys)), args...)
	return found, err
}

// resolveReferrers resolves to e the references found, once read.
func (w *refWriter) resolveReferrers(ctx context.Context, found *foundReferrers) error {
	if !found.read {
		if err := w.tx.flush(ctx); err != nil {
			return err
		}
	}
	changes := newReferrerChanges()
	if err := w.resolveTo(ctx, found.refs, changes); err != nil {
		return err
	}
	return changes.touch(ctx, w)
}

// referrerChanges are the referrers that resolutions changed: those whose
// manager's update moved their version (bumped), and the others, whose
// version touch moves once for all their resolutions.
type referrerChanges struct{ bumped, changed map[string]bool }

func newReferrerChanges() referrerChanges {
	return referrerChanges{bumped: map[string]bool{}, changed: map[string]bool{}}
}

// touch records the change of the referrers not bumped already.
func (c referrerChanges) touch(ctx context.Context, w *refWriter) error {
	for id := range c.bumped {
		delete(c.changed, id)
	}
	return w.s.touch(ctx, w.tx, w.e.CompanyID, c.changed, w.now)
}

// resolveTo resolves to e the references refs, noting their referrers in
// changes.
func (w *refWriter) resolveTo(ctx context.Context, refs []referrer, changes referrerChanges) error {
	e := w.e
	for _, r := range refs {
		if matchRank(e, r.value) == 0 {
			continue // folds alike, but an id or externalId must be exact
		}
		// Queued: nothing in the write waits for them (later.go).
		var err error
		if r.attribute == "" {
			// The manager's statement records the change of the
			// referrer too.
			err = w.tx.execLater(ctx, `UPDATE employees SET manager_id = ?, version = version + 1, modified_us = ? WHERE seq = ?`,
				e.ID, micros(w.now), r.seq)
			changes.bumped[r.employeeID] = true
		} else {
			err = w.tx.execLater(ctx, `UPDATE employee_attribute_values SET ref_target_id = ? WHERE employee_id = ? AND attribute_id = ?`,
				e.ID, r.employeeID, r.attribute)
			changes.changed[r.employeeID] = true
		}
		if err != nil {
			return err
		}
		w.tx.written.forgetEmployee(r.employeeID) // written_employees.go
		detail := fmt.Sprintf("%s %q now resolves to %s", r.name, r.value, e.ShownName())
		if err := w.s.recordActivity(ctx, w.tx, e.CompanyID, r.employeeID, directory.ActivityReferenceResolved, detail, w.by, w.now); err != nil {
			return err
		}
	}
	return nil
}

// clearReferencesTo removes the references of the company's employees to
// the deleted employee e.
func (s *Store) clearReferencesTo(ctx context.Context, tx handle, e *directory.Employee, by directory.Actor, now time.Time) error {
	var refs []referrer
	err := s.collect(ctx, tx, &refs, referrersSQL(`company_id = ? AND manager_id = ?`, `v.company_id = ? AND v.ref_target_id = ?`),
		e.CompanyID, e.ID, e.CompanyID, e.ID)
	if err != nil {
		return err
	}
	if len(refs) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE employees SET manager_value = NULL, manager_value_fold = NULL, manager_id = NULL
		WHERE company_id = ? AND manager_id = ?`, e.CompanyID, e.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM employee_attribute_values WHERE company_id = ? AND ref_target_id = ?`, e.CompanyID, e.ID); err != nil {
		return err
	}
	changed := map[string]bool{}
	for _, r := range refs {
		changed[r.employeeID] = true
		tx.written.forgetEmployee(r.employeeID) // written_employees.go
		detail := fmt.Sprintf("%s %q cleared: %s was deleted", r.name, r.value, e.ShownName())
		if err := s.recordActivity(ctx, tx, e.CompanyID, r.employeeID, directory.ActivityReferenceCleared, detail, by, now); err != nil {
			return err
		}
	}
	return s.touch(ctx, tx, e.CompanyID, changed, now)
}

// referrersSQL selects the references that the conditions choose, on
// employees (managers) and on employee_attribute_values v (attributes),
// managers first, in one round trip: seq, employee id, attribute id ("" for
// the manager), name, value.
func referrersSQL(managers, attributes string) string {
	return managerReferrers + managers + `
		UNION ALL ` + attributeReferrers + attributes + `
		ORDER BY 1`
}

// The two kinds of referrers a referrersSQL query selects, but for their
// conditions.
const (
	managerReferrers   = `SELECT 0 AS k, seq, id, '' AS attribute_id, 'manager' AS name, manager_value FROM employees WHERE `
	attributeReferrers = `SELECT 1, 0, v.employee_id, v.attribute_id, d.name, v.ref_value
		FROM employee_attribute_values v JOIN attribute_defs d ON d.id = v.attribute_id WHERE `
)

// pendingReferrersSQL is referrersSQL for the pending references of a
// company whose values fold to one of n keys, but those of an employee
// (args per key, managers' then attributes': company, the employee's
// id, the key): one equality on each partial index per key. With the
// keys as an IN list, PostgreSQL read the company's whole part of the
// index and filtered it — within a Batch, where every reference resolved
// leaves a dead entry there until it commits, a walk that grew with the
// Batch: 0.5 ms a create by the thousandth (log_min_duration_statement).
func pendingReferrersSQL(n int) string {
	var b strings.Builder
	for kind, branch := range []string{
		managerReferrers + `company_id = ? AND id <> ? AND ` + pendingManagerSQL + ` AND manager_value_fold = ?`,
		attributeReferrers + `v.company_id = ? AND v.employee_id <> ? AND ` + pendingValueSQL + ` AND v.ref_fold = ?`,
	} {
		for i := range n {
			if kind > 0 || i > 0 {
				b.WriteString("\n\t\tUNION ALL ")
			}
			b.WriteString(branch)
		}
	}
	b.WriteString("\n\t\tORDER BY 1")
	return b.String()
}

// collect appends the referrers a referrersSQL query selects.
func (s *Store) collect(ctx context.Context, q handle, out *[]referrer, query string, args ...any) error {
	return q.queryWith(ctx, func(rows Rows) error { return collectReferrers(rows, out) }, query, args...)
}

// collectReferrers appends the referrers of a referrersSQL query's rows.
func collectReferrers(rows Rows, out *[]referrer) error {
	for rows.Next() {
		var r referrer
		var kind int
		if err := rows.Scan(&kind, &r.seq, &r.employeeID, &r.attribute, &r.name, &r.value); err != nil {
			return err
		}
		*out = append(*out, r)
	}
	return rows.Err()
}

// touch records a change of the employees (by id): version+1, modified now.
func (s *Store) touch(ctx context.Context, tx handle, companyID string, ids map[string]bool, now time.Time) error {
	for _, id := range sortedKeys(ids) {
		if err := tx.execLater(ctx, `UPDATE employees SET version = version + 1, modified_us = ? WHERE company_id = ? AND id = ?`,
			micros(now), companyID, id); err != nil {
			return err
		}
	}
	return nil
}

// targetsQuery reads what references show of n employees of a company:
// the columns Employee.ShownName needs and the primary (else first)
// email.
func targetsQuery(n int) string {
	return `SELECT t.id, t.user_name, t.display_name, t.given_name, t.family_name, t.formatted_name, ` + primaryEmailOf("t") + `
		FROM employees t WHERE t.company_id = ? AND t.id IN (` + placeholders(n) + `)`
}

// primaryEmailOf is the primary (else first) email of the employee t.
func primaryEmailOf(t string) string {
	return `(SELECT m.value FROM employee_emails m WHERE m.employee_id = ` + t + `.id ORDER BY m.is_primary DESC, m.position LIMIT 1)`
}

// shownTarget is what a reference shows of the employee it names.
type shownTarget struct{ name, email string }

// newShownTarget is what references show of t, whose email is email.
func newShownTarget(t directory.Employee, email string) shownTarget {
	if email == "" {
		email = t.UserName
	}
	return shownTarget{t.ShownName(), email}
}

// target is what references show of the employee of a detailTarget row.
func (d detailRow) target() shownTarget {
	t := directory.Employee{UserName: d.texts[0], DisplayName: d.texts[1]}
	t.Name.GivenName, t.Name.FamilyName, t.Name.Formatted = d.texts[2], d.texts[3], d.texts[4]
	return newShownTarget(t, d.texts[5])
}

// fillTargets sets TargetName and TargetEmail of the references of list,
// whose employees belong to one company: one statement, and only when
// they reference someone.
func (s *Store) fillTargets(ctx context.Context, q handle, list []directory.Employee) error {
	targets := map[string]shownTarget{}
	for i := range list {
		e := &list[i]
		if e.Manager.TargetID != "" {
			targets[e.Manager.TargetID] = shownTarget{}
		}
		for _, v := range e.Attributes {
			if v.Ref.TargetID != "" {
				targets[v.Ref.TargetID] = shownTarget{}
			}
		}
	}
	ids := sortedKeys(targets)
	for start := 0; start < len(ids); start += emailBatch {
		batch := ids[start:min(start+emailBatch, len(ids))]
		args := []any{list[0].CompanyID}
		for _, id := range batch {
			args = append(args, id)
		}
		err := q.queryWith(ctx, func(rows Rows) error {
			for rows.Next() {
				var t directory.Employee
				var email string
				if err := rows.Scan(&t.ID, &t.UserName, nullString{&t.DisplayName}, nullString{&t.Name.GivenName},
					nullString{&t.Name.FamilyName}, nullString{&t.Name.Formatted}, nullString{&email}); err != nil {
					return err
				}
				targets[t.ID] = newShownTarget(t, email)
			}
			return rows.Err()
		}, targetsQuery(len(batch)), args...)
		if err != nil {
			return err
		}
	}
	for i := range list {
		describeTargets(&list[i], targets)
	}
	return nil
}

// describeTargets sets TargetName and TargetEmail of e's references from
// targets, by target id (a target not there shows nothing: pending).
func describeTargets(e *directory.Employee, targets map[string]shownTarget) {
	describe := func(r *directory.Reference) {
		t := targets[r.TargetID] // zero while pending
		r.TargetName, r.TargetEmail = t.name, t.email
	}
	describe(&e.Manager)
	for id, v := range e.Attributes {
		if v.Ref.Value != "" || v.Ref.TargetID != "" {
			describe(&v.Ref)
			e.Attributes[id] = v
		}
	}
}
