package storetest

import (
	"database/sql"
	"testing"

	"roster/internal/directory"
)

// StrandedReferencesResolved checks through db, the store's database,
// that ResolveStrandedReferences resolves the references a fault left
// pending although an employee matches them (stranded here by clearing
// their targets, as builds before the twenty-sixth round's fix left
// them), each as its create would have — the best rank, a change of the
// referrer, its activity by roster — and nothing else: a reference that
// names nobody, or only its own employee, stays pending, and a second
// run finds none.
func StrandedReferencesResolved(t *testing.T, s directory.Store, db *sql.DB) {
	t.Helper()
	e := &env{t: t, s: s, ctx: t.Context()}
	c, other := e.company("Acme"), e.company("Globex")
	mentor := e.attribute(c.ID, directory.AttributeDef{Name: "Mentor", Type: directory.TypeEmployee})
	okta := e.connection(c.ID, "Okta")
	by := directory.Actor{ConnectionID: okta.ID}

	report := e.employeeBy(c.ID, "report@example.com", by, func(p *directory.Employee) {
		p.Manager.Value = "boss@example.com"
		p.Attributes = map[string]directory.AttributeValue{mentor.ID: {Ref: directory.Reference{Value: "Mentor@Example.com"}}}
	})
	// dup@ is an older employee's email and a newer one's userName: the
	// userName ranks first.
	e.employee(c.ID, "first@example.com", func(p *directory.Employee) { p.Emails = []directory.Email{{Value: "dup@example.com"}} })
	byUser := e.employee(c.ID, "DUP@example.com")
	ranked := e.employee(c.ID, "ranked@example.com", func(p *directory.Employee) { p.Manager.Value = "dup@example.com" })
	ghost := e.employee(c.ID, "ghost-report@example.com", func(p *directory.Employee) { p.Manager.Value = "nobody@example.com" })
	// A reference naming its own employee (its userName, changed behind
	// the store's back: a write would refuse it) is no one to resolve to.
	self := e.employee(c.ID, "self@example.com", func(p *directory.Employee) { p.Manager.Value = "alias@example.com" })
	boss := e.employee(c.ID, "boss@example.com", func(p *directory.Employee) { p.DisplayName = "Bea Boss" })
	guide := e.employee(c.ID, "guide@example.com", func(p *directory.Employee) { p.Emails = []directory.Email{{Value: "mentor@example.com"}} })
	elsewhere := e.employee(other.ID, "elsewhere@example.com", func(p *directory.Employee) { p.Manager.Value = "lead@example.com" })
	lead := e.employee(other.ID, "lead@example.com")

	resolve := func() int {
		t.Helper()
		n, err := s.ResolveStrandedReferences(e.ctx)
		if err != nil {
			t.Fatalf("ResolveStrandedReferences: %v", err)
		}
		return n
	}
	wantEqual(t, "stranded before any fault", resolve(), 0)

	// The fault: resolved references made pending again.
	for _, stmt := range []string{
		`UPDATE employees SET manager_id = NULL WHERE id IN ('` + report.ID + `', '` + ranked.ID + `', '` + elsewhere.ID + `')`,
		`UPDATE employee_attribute_values SET ref_target_id = NULL WHERE employee_id = '` + report.ID + `'`,
		`UPDATE employees SET user_name = 'alias@example.com', user_name_fold = 'alias@example.com' WHERE id = '` + self.ID + `'`,
	} {
		if _, err := db.ExecContext(e.ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	before := e.get(c.ID, report.ID)
	wantEqual(t, "stranded", before.PendingReferences([]directory.AttributeDef{mentor}), []directory.PendingReference{
		{Attribute: "manager", Value: "boss@example.com"}, {Attribute: "Mentor", Value: "Mentor@Example.com"}})
	activityBefore := len(mustActivity(t, e, c.ID, report.ID))

	wantEqual(t, "resolved", resolve(), 4)

	got := e.get(c.ID, report.ID)
	wantEqual(t, "manager", got.Manager, directory.Reference{Value: "boss@example.com", TargetID: boss.ID, TargetName: "Bea Boss", TargetEmail: "boss@example.com"})
	wantEqual(t, "mentor", got.Attributes[mentor.ID].Ref.TargetID, guide.ID)
	wantEqual(t, "one change for both", got.Version, before.Version+1)
	if !got.LastModified.After(before.LastModified) {
		t.Errorf("LastModified %v, not after %v", got.LastModified, before.LastModified)
	}
	acts := mustActivity(t, e, c.ID, report.ID)[activityBefore:]
	wantEqual(t, "activity entries", len(acts), 2)
	for _, a := range acts {
		wantEqual(t, "activity kind", a.Kind, directory.ActivityReferenceResolved)
		wantEqual(t, "by roster itself", a.By(), directory.Actor{})
	}
	wantEqual(t, "the best rank", e.get(c.ID, ranked.ID).Manager.TargetID, byUser.ID)
	wantEqual(t, "another company's", e.get(other.ID, elsewhere.ID).Manager.TargetID, lead.ID)
	wantEqual(t, "naming nobody", e.get(c.ID, ghost.ID).Manager.Pending(), true)
	wantEqual(t, "naming itself", e.get(c.ID, self.ID).Manager.Pending(), true)
	wantEqual(t, "stranded after the repair", resolve(), 0)
}
