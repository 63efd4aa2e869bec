package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"roster/internal/directory"
)

// BatchAgreesWithSingleWrites: a Bulk request's calls in one Batch —
// on SQLite with no savepoint for its creates and their rows held and
// inserted many to a statement (sqlstore's savepoint_free.go,
// held_inserts.go), on PostgreSQL pipelined and merged — leave what the
// same calls leave one write at a time, and each call has the same
// outcome: random runs of creates (deferred or not, with userNames
// taken, emails, external ids, phone numbers, company attributes,
// managers and employee attributes among each other), updates, deletes
// and reads, with settles between them, by a connection — every other
// run in a company whose guard holds deletes and deactivations; seeds runs,
// each on two new stores that open returns, closed when the test ends.
func BatchAgreesWithSingleWrites(t *testing.T, open func(testing.TB) directory.Store, seeds int) {
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ops := randomAgreeOps(rand.New(rand.NewPCG(seed, 7)), 80)
			batched, alone := open(t), open(t)
			guarded := seed%2 == 1 // deletes and deactivations held from the second
			cb, ca := agreeCompany(t, batched, guarded), agreeCompany(t, alone, guarded)
			gotOutcomes := agreeInBatch(t, batched, cb.ID, ops)
			wantOutcomes := agreeAlone(t, alone, ca.ID, ops)
			for i := range ops {
				if (gotOutcomes[i] == nil) != (wantOutcomes[i] == nil) || directory.ErrorCode(gotOutcomes[i]) != directory.ErrorCode(wantOutcomes[i]) {
					t.Errorf("op %d (%s): in a batch %v; alone %v", i, ops[i], gotOutcomes[i], wantOutcomes[i])
				}
			}
			if got, want := agreeSnapshot(t, batched, cb.ID), agreeSnapshot(t, alone, ca.ID); !slices.Equal(got, want) {
				t.Errorf("in a batch:\n%q\nalone:\n%q", got, want)
			}
		})
	}
}

// agreeOp is one call: create (deferred or not), update (new emails),
// delete, read or settle, of the employee named by its number.
type agreeOp struct {
	kind     string
	n        int
	manager  int // create: the number of its manager's email, -1 none
	deferred bool
	// change is what an update changes (agreeUpdate), to the number to.
	change, to int
}

func (o agreeOp) String() string { return fmt.Sprintf("%s %d", o.kind, o.n) }

func randomAgreeOps(r *rand.Rand, count int) []agreeOp {
	ops := make([]agreeOp, count)
	for i := range ops {
		op := agreeOp{n: r.IntN(12), manager: -1}
		switch k := r.IntN(20); {
		case k < 12:
			op.kind, op.deferred = "create", r.IntN(4) > 0
			if r.IntN(3) == 0 {
				op.manager = r.IntN(12)
			}
		case k < 15:
			op.kind, op.change, op.to = "update", r.IntN(5), r.IntN(12)
		case k < 17:
			op.kind = "delete"
		case k < 19:
			op.kind = "read"
		default:
			op.kind = "settle"
		}
		ops[i] = op
	}
	return ops
}

// The company's attributes and connection, the same ids in both stores.
const (
	agreeLevel = "attr-level" // an option
	agreeBuddy = "attr-buddy" // an employee
	agreeConn  = "conn-agree"
)

// agreeCompany creates a company with the attributes and connection the
// calls use; guarded, its guard holds deletes and deactivations from the
// second in an hour.
func agreeCompany(t *testing.T, s directory.Store, guarded bool) directory.Company {
	ctx := t.Context()
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if guarded {
		if err := s.SetGuardPolicy(ctx, c.ID, directory.GuardPolicy{Percent: 1, Min: 1, Window: time.Hour}); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []directory.AttributeDef{
		{ID: agreeLevel, CompanyID: c.ID, Name: "Level", Type: directory.TypeOption, Open: true},
		{ID: agreeBuddy, CompanyID: c.ID, Name: "Buddy", Type: directory.TypeEmployee},
	} {
		if err := s.CreateAttribute(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	_, hash := directory.NewToken()
	if err := s.CreateConnection(ctx, &directory.Connection{ID: agreeConn, CompanyID: c.ID, Label: "Okta", TokenHash: hash}); err != nil {
		t.Fatal(err)
	}
	return c
}

// agreeActor is the connection the calls are made by.
var agreeActor = directory.Actor{ConnectionID: agreeConn}

// agreeEmployee is the employee op n creates: userName u<n>, an email, an
// external id, a phone number and a level of its own, its manager by
// that email of another's and its buddy by that one's userName.
func agreeEmployee(companyID string, o agreeOp, id string) *directory.Employee {
	e := &directory.Employee{ID: id, CompanyID: companyID, UserName: fmt.Sprintf("u%d@example.com", o.n), Active: true,
		ExternalID:   fmt.Sprintf("ext-%d", o.n),
		Emails:       []directory.Email{{Value: fmt.Sprintf("mail%d@example.com", o.n), Type: "work", Primary: true}},
		PhoneNumbers: []directory.MultiValue{{Value: fmt.Sprintf("+45 %d", o.n), Type: "work"}},
		Attributes:   map[string]directory.AttributeValue{agreeLevel: {Text: fmt.Sprintf("L%d", o.n%3)}}}
	if o.manager >= 0 {
		e.Manager = directory.Reference{Value: fmt.Sprintf("mail%d@example.com", o.manager)}
		e.Attributes[agreeBuddy] = directory.AttributeValue{Ref: directory.Reference{Value: fmt.Sprintf("u%d@example.com", (o.manager+1)%12)}}
	}
	return e
}

// ids names each op's employee: creates of the same number get ids of
// their own (the later ones' userNames are taken, unless deleted).
func agreeIDs(ops []agreeOp) []string {
	ids := make([]string, len(ops))
	for i, o := range ops {
		ids[i] = fmt.Sprintf("id-%d-%d", o.n, i)
	}
	return ids
}

// target finds the id of the employee op i acts on: the last create of
// its number before it (which may have failed: then a missing id).
func agreeTarget(ops []agreeOp, ids []string, i int) string {
	for j := i - 1; j >= 0; j-- {
		if ops[j].kind == "create" && ops[j].n == ops[i].n {
			return ids[j]
		}
	}
	return fmt.Sprintf("none-%d", ops[i].n)
}

// agreeUpdate is what update op o does: adds an email, renames (to a
// userName perhaps taken), deactivates or reactivates, sets the level to
// a new value (which the open list admits) or the manager (none for a
// number past the employees').
func agreeUpdate(o agreeOp) func(e *directory.Employee) error {
	return func(e *directory.Employee) error {
		switch o.change {
		case 0:
			e.Emails = append(e.Emails, directory.Email{Value: "more-" + e.UserName})
		case 1:
			e.UserName = fmt.Sprintf("u%d@example.com", o.to)
		case 2:
			e.Active = !e.Active
		case 3:
			if e.Attributes == nil {
				e.Attributes = map[string]directory.AttributeValue{}
			}
			e.Attributes[agreeLevel] = directory.AttributeValue{Text: fmt.Sprintf("N%d", o.to)}
		default:
			e.Manager = directory.Reference{Value: fmt.Sprintf("mail%d@example.com", o.to)}
		}
		return nil
	}
}

func agreeInBatch(t *testing.T, s directory.Store, companyID string, ops []agreeOp) []error {
	ctx := t.Context()
	ids := agreeIDs(ops)
	now, late := make([]error, len(ops)), make([]error, len(ops))
	err := s.Batch(ctx, companyID, func(b directory.Batch) error {
		db := b.(directory.DeferringBatch)
		for i, o := range ops {
			switch o.kind {
			case "create":
				e := agreeEmployee(companyID, o, ids[i])
				if o.deferred {
					now[i] = db.CreateEmployeeDeferred(ctx, e, agreeActor, &late[i])
				} else {
					now[i] = b.CreateEmployee(ctx, e, agreeActor)
				}
			case "update":
				_, now[i] = b.UpdateEmployee(ctx, agreeTarget(ops, ids, i), agreeActor, agreeUpdate(o))
			case "delete":
				now[i] = b.DeleteEmployee(ctx, agreeTarget(ops, ids, i), agreeActor, nil)
			case "read":
				_, now[i] = b.Employee(ctx, agreeTarget(ops, ids, i))
			case "settle":
				now[i] = db.Settle(ctx)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range now {
		now[i] = errors.Join(now[i], late[i])
	}
	return now
}

func agreeAlone(t *testing.T, s directory.Store, companyID string, ops []agreeOp) []error {
	ctx := context.Background()
	ids := agreeIDs(ops)
	out := make([]error, len(ops))
	for i, o := range ops {
		switch o.kind {
		case "create":
			out[i] = s.CreateEmployee(ctx, agreeEmployee(companyID, o, ids[i]), agreeActor)
		case "update":
			_, out[i] = s.UpdateEmployee(ctx, companyID, agreeTarget(ops, ids, i), agreeActor, agreeUpdate(o))
		case "delete":
			out[i] = s.DeleteEmployee(ctx, companyID, agreeTarget(ops, ids, i), agreeActor, nil)
		case "read":
			_, out[i] = s.Employee(ctx, companyID, agreeTarget(ops, ids, i))
		}
	}
	return out
}

// agreeSnapshot is what the company holds, times aside: its employees with
// their emails and managers, their status changes, and its activity log
// in order.
func agreeSnapshot(t *testing.T, s directory.Store, companyID string) []string {
	ctx := t.Context()
	list, _, err := s.Employees(ctx, companyID, directory.EmployeeQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range list {
		var emails []string
		for _, m := range e.Emails {
			emails = append(emails, m.Value)
		}
		history, err := s.StatusHistory(ctx, companyID, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		var phones []string
		for _, m := range e.PhoneNumbers {
			phones = append(phones, m.Value)
		}
		var externalIDs []string
		for _, x := range e.ExternalIDs {
			externalIDs = append(externalIDs, x.ConnectionID+"="+x.Value)
		}
		out = append(out, fmt.Sprintf("%s %s v%d active=%v %v %v %v %s manager=%s→%s buddy=%s→%s statuses=%d", e.ID, e.UserName, e.Version, e.Active, emails, phones, externalIDs,
			e.Attributes[agreeLevel].Text, e.Manager.Value, e.Manager.TargetID, e.Attributes[agreeBuddy].Ref.Value, e.Attributes[agreeBuddy].Ref.TargetID, len(history)))
	}
	level, err := s.Attribute(ctx, companyID, agreeLevel)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, fmt.Sprintf("level options %q, new %q", level.Options, level.NewOptions))
	entries, _, err := s.ActivityLog(ctx, companyID, directory.ActivityQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(entries, func(a, b directory.LogEntry) int { return int(a.ID - b.ID) })
	for _, e := range entries {
		out = append(out, fmt.Sprintf("log %s %s %s %d changes=%d", e.Operation, e.EmployeeID, e.UserName, e.Status, len(e.Changes)))
	}
	return out
}
