package sqlstore

import (
	"context"
	"fmt"
	"time"
)

// CheckStrandedReferences, where set and true, has every write of a
// company's employees (writeFor, a Batch, an attribute's edit, the
// guard's release) check, once it committed, that the company has no
// stranded reference (stranded_refs.go), panicking on one: a write left
// pending a reference that an employee matches — what builds before the
// twenty-sixth round's fix did to Bulk loads, unseen by the tests that
// passed them. Every commit keeps the rule, so any state read after one
// must. Test binaries set it (storetest.CheckStoreInvariants); roster
// never does, so the check costs it nothing.
var CheckStrandedReferences func() bool

// strandedCheckLimit bounds a check whose caller set no deadline.
const strandedCheckLimit = 5 * time.Second

// checkStranded runs the check above for the company, if set: on the
// read pool's database itself, none of the store's statements, which
// tests count. A read the database cannot answer finds nothing: outage
// tests cut it off between a write and its check. The check outlives
// its caller's cancellation (a client gone once its write committed),
// not its deadline: a network partition that begins after the commit
// would otherwise hold the acknowledged write's answer until the
// partition heals, past the request deadline the outage tests hold
// roster to.
func (s *Store) checkStranded(ctx context.Context, companyID string) {
	if CheckStrandedReferences == nil || !CheckStrandedReferences() {
		return
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(strandedCheckLimit)
	}
	ctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	var refs []referrer
	rows, err := s.r.db.QueryContext(ctx, rebind(s.d, strandedOfCompanySQL), companyID, companyID)
	if err == nil {
		err = collectReferrers(rows, &refs) // plain rows: referrersSQL packs none
		rows.Close()
	}
	switch {
	case err != nil && s.unavailable(err):
		return // the database cannot answer now (outage tests): no finding
	case err != nil:
		panic(fmt.Sprintf("company %s: reading its stranded references: %v", companyID, err))
	}
	if len(refs) > 0 {
		r := refs[0]
		panic(fmt.Sprintf("company %s: %d references left pending although an employee matches them (stranded), e.g. %s %q of employee %s",
			companyID, len(refs), r.name, r.value, r.employeeID))
	}
}
