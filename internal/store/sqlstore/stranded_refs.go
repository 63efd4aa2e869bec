package sqlstore

import (
	"context"

	"roster/internal/directory"
)

// Stranded references (directory.StrandedReferenceStore): pending
// references that an employee of their company matches. The rules of
// refs.go leave none — a write resolves the pending references its
// employee matches — so each is a fault's trace, and stays pending until
// its own employee's next write: no write of the employee it names looks
// for it again.
//
// Finding them is one read of every company: each pending reference with
// an index probe of each rank (namesSomeoneSQL), nothing written where
// none is stranded — what `roster serve` does at every start. Resolving
// them is one write per company that has some, under the company's lock
// as any employee write: it selects them again (an employee write may
// have resolved or changed them since the read), resolves each value as
// a write of its referrer would (resolveSQL, the referrer left out), and
// records each as a create of the employee it names would have
// (resolveTo), by roster itself: each referrer's version moved once.

// ResolveStrandedReferences implements
// directory.StrandedReferenceStore.
func (s *Store) ResolveStrandedReferences(ctx context.Context) (int, error) {
	var companies []string
	err := s.read(ctx, func(tx handle) error {
		var err error
		companies, err = queryTexts(ctx, tx, strandedCompaniesSQL)
		return err
	})
	if err != nil {
		return 0, s.wrap("find stranded references", err)
	}
	resolved := 0
	for _, companyID := range companies {
		n, err := s.resolveStrandedOf(ctx, companyID)
		resolved += n
		if err != nil {
			return resolved, s.wrap("resolve stranded references", err)
		}
	}
	return resolved, nil
}

// resolveStrandedOf resolves the company's stranded references in one
// write and returns how many it resolved.
func (s *Store) resolveStrandedOf(ctx context.Context, companyID string) (int, error) {
	resolved := 0
	err := s.writeOwnGroup(ctx, func(tx handle) error {
		resolved = 0
		if err := s.lockCompany(ctx, tx, companyID); err != nil {
			if directory.ErrorCode(err) == directory.ENotFound {
				return nil // deleted since the read: nothing of it is left
			}
			return err
		}
		var refs []referrer
		if err := s.collect(ctx, tx, &refs, strandedOfCompanySQL, companyID, companyID); err != nil {
			return err
		}
		byTarget := map[string][]referrer{}
		for _, r := range refs {
			target, err := resolveFor(ctx, tx, companyID, r.value, r.employeeID)
			if err != nil {
				return err
			}
			if target != "" {
				byTarget[target] = append(byTarget[target], r)
			}
		}
		if len(byTarget) == 0 {
			return nil
		}
		// One change of each referrer, whichever employees its
		// references resolve to.
		changes, now := newReferrerChanges(), s.clock()
		w := &refWriter{s: s, tx: tx, now: now} // by: roster itself
		for _, id := range sortedKeys(byTarget) {
			target, _, err := s.loadEmployee(ctx, tx, companyID, id, false)
			if err != nil {
				return err
			}
			w.e = &target
			if err := w.resolveTo(ctx, byTarget[id], changes); err != nil {
				return err
			}
			resolved += len(byTarget[id])
		}
		if err := changes.touch(ctx, w); err != nil {
			return err
		}
		return tx.flush(ctx)
	})
	return resolved, err
}

// resolveFor returns the id of the employee of the company that value
// names, as resolve reads it for a write of the employee exclude ("" when
// none).
func resolveFor(ctx context.Context, tx handle, companyID, value, exclude string) (string, error) {
	var m bestMatch
	err := tx.queryWith(ctx, m.read, resolveSQL, resolveArgs(companyID, value, exclude)...)
	return m.id, err
}

// namesSomeoneSQL is true where a live employee of company other than
// the referrer matches value (fold: its fold) at any rank of resolveSQL;
// the arguments are the outer query's columns.
func namesSomeoneSQL(company, value, fold, referrer string) string {
	others := ` AND e.id <> ` + referrer + ` AND ` + liveSQL + `)`
	return `(EXISTS (SELECT 1 FROM employees e WHERE e.company_id = ` + company + ` AND e.id = ` + value + others + `
		OR EXISTS (SELECT 1 FROM employees e WHERE e.company_id = ` + company + ` AND e.user_name_fold = ` + fold + others + `
		OR EXISTS (SELECT 1 FROM employee_emails m JOIN employees e ON e.id = m.employee_id
			WHERE m.company_id = ` + company + ` AND m.value_fold = ` + fold + others + `
		OR EXISTS (SELECT 1 FROM employee_external_ids x JOIN employees e ON e.id = x.employee_id
			WHERE x.company_id = ` + company + ` AND x.value = ` + value + others + `)`
}

// The stranded references' conditions, on referrersSQL's tables: a
// manager's (employees, by its table's name: the probes' own employees
// are e) and an attribute value's (v).
var (
	strandedManagerSQL = pendingManagerSQL + ` AND ` +
		namesSomeoneSQL("employees.company_id", "employees.manager_value", "employees.manager_value_fold", "employees.id")
	strandedValueSQL = pendingValueSQL + ` AND ` +
		namesSomeoneSQL("v.company_id", "v.ref_value", "v.ref_fold", "v.employee_id")
)

// strandedCompaniesSQL selects the companies that have stranded
// references.
var strandedCompaniesSQL = `SELECT company_id FROM employees WHERE ` + strandedManagerSQL + `
	UNION SELECT v.company_id FROM employee_attribute_values v WHERE ` + strandedValueSQL

// strandedOfCompanySQL selects a company's stranded references as
// referrersSQL does (args: the company, twice).
var strandedOfCompanySQL = referrersSQL(`company_id = ? AND `+strandedManagerSQL, `v.company_id = ? AND `+strandedValueSQL)
