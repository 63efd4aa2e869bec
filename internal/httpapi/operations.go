package httpapi

import (
	"context"

	"roster/internal/directory"
	"roster/internal/scim"
	"roster/internal/scim/patch"
	"roster/internal/scim/schema"
	"roster/internal/userdoc"
)

// employeeWriter is what an operation writes through: the Store for single
// requests, a store batch for the operations of a Bulk request. Both apply
// each call atomically.
type employeeWriter interface {
	CreateEmployee(ctx context.Context, e *directory.Employee, by directory.Actor) error
	UpdateEmployee(ctx context.Context, companyID, id string, by directory.Actor, fn func(*directory.Employee) error) (directory.Employee, error)
	DeleteEmployee(ctx context.Context, companyID, id string, by directory.Actor, check func(*directory.Employee) error) error
}

// updateOp is PUT or PATCH of one employee from a request body.
type updateOp func(ctx context.Context, wr employeeWriter, id string, body []byte, cond preconditions) (*directory.Employee, error)

// decodeUser turns a POST/PUT body into a canonical document, returning
// the raw object too (PUT checks its "id").
func (s *Server) decodeUser(ctx context.Context, body []byte) (map[string]any, map[string]any, error) {
	rt, _, err := s.userType(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, err := readUser(rt, body)
	s.noteBody(ctx, u)
	return u.raw, u.doc, err
}

// userBody is a POST/PUT body read with the company's schema.
type userBody struct {
	raw, doc map[string]any
	// sentUserName is the body's userName, when it is a string: known
	// before the body is checked, so that a refused create names the
	// person it was for in the activity log.
	sentUserName string
	ignored      []string // unsupported attributes, not stored
}

// readUser reads body with rt. It touches nothing but its result, so
// that a Bulk request's bodies may be read side by side (bulk_prepare.go).
func readUser(rt *schema.ResourceType, body []byte) (userBody, error) {
	var u userBody
	raw, err := decodeObject(body)
	if err != nil {
		return u, err
	}
	u.raw = raw
	if v, ok := lookupFold(raw, "userName"); ok {
		u.sentUserName, _ = v.(string)
	}
	if u.doc, u.ignored, err = rt.Normalize(raw); err != nil {
		u.ignored = nil // as unsaid: the body is refused
	}
	return u, err
}

// noteBody tells the request's activity note what reading the body u
// found.
func (s *Server) noteBody(ctx context.Context, u userBody) {
	if n := noteOf(ctx); u.sentUserName != "" && n.userName == "" {
		n.userName = u.sentUserName
	}
	if len(u.ignored) > 0 {
		s.log.Debug("ignored unsupported attributes", "request_id", requestID(ctx), "attributes", u.ignored)
		noteNotStored(ctx, u.ignored)
	}
}

// createEmployee is POST /Users.
func (s *Server) createEmployee(ctx context.Context, wr employeeWriter, body []byte) (*directory.Employee, error) {
	noteOf(ctx).op = directory.OpCreate
	rt, _, err := s.userType(ctx)
	if err != nil {
		return nil, err
	}
	return s.createNew(ctx, wr, newEmployee(callerOf(ctx), rt, body))
}

// newCreate is an employee a POST body creates, before it is stored:
// the body as read, the employee, and why it cannot be created (err).
type newCreate struct {
	body     userBody
	employee *directory.Employee
	err      error
}

// newEmployee builds the employee body creates for caller c. Like
// readUser it touches nothing but its result.
func newEmployee(c *caller, rt *schema.ResourceType, body []byte) newCreate {
	u, err := readUser(rt, body)
	if err != nil {
		return newCreate{body: u, err: err}
	}
	e := &directory.Employee{ID: directory.NewEmployeeID(), CompanyID: c.company.ID, Active: true, SourceConnectionID: c.connection.ID}
	userdoc.Apply(e, u.doc, c.defs)
	return newCreate{body: u, employee: e, err: e.Validate()}
}

// createNew stores the employee of a POST body, noting what the body said.
func (s *Server) createNew(ctx context.Context, wr employeeWriter, n newCreate) (*directory.Employee, error) {
	return s.createNewBy(ctx, n, func(e *directory.Employee) error { return wr.CreateEmployee(ctx, e, actor(ctx)) })
}

// createNewBy is createNew that stores the employee with store.
func (s *Server) createNewBy(ctx context.Context, n newCreate, store func(*directory.Employee) error) (*directory.Employee, error) {
	note := noteOf(ctx)
	note.op = directory.OpCreate
	s.noteBody(ctx, n.body)
	if _, ok := lookupFold(n.body.raw, "id"); ok {
		// A PUT's id names its employee (replaceEmployee); a create's is
		// the client's wish, and roster's id is the one it answers.
		note.notApplied = append(note.notApplied, directory.NotApplied{Attribute: "id", Reason: idsAssigned})
	}
	if n.employee != nil {
		note.userName = n.employee.UserName
	}
	if n.err != nil {
		return nil, n.err
	}
	if err := store(n.employee); err != nil {
		return nil, err
	}
	return n.employee, nil
}

// replaceEmployee is PUT /Users/{id}: a full replace.
func (s *Server) replaceEmployee(ctx context.Context, wr employeeWriter, id string, body []byte, cond preconditions) (*directory.Employee, error) {
	noteOf(ctx).op = directory.OpReplace
	raw, doc, err := s.decodeUser(ctx, body)
	if err != nil {
		return nil, err
	}
	if v, ok := lookupFold(raw, "id"); ok && v != id {
		return nil, scim.Errorf(scim.Mutability, "\"id\" is read-only: the body says %v but the URL names %s", v, id)
	}
	c := callerOf(ctx)
	return s.updateEmployee(ctx, wr, id, cond, func(e *directory.Employee) error {
		old := *e
		userdoc.Apply(e, doc, c.defs)
		// What another connection wrote survives this one's replace.
		directory.KeepOthers(&old, e, c.connection.ID)
		return nil
	})
}

// patchEmployee is PATCH /Users/{id} (RFC 7644 §3.5.2).
func (s *Server) patchEmployee(ctx context.Context, wr employeeWriter, id string, body []byte, cond preconditions) (*directory.Employee, error) {
	note := noteOf(ctx)
	note.op = directory.OpPatch
	ops, err := patch.Parse(body)
	if err != nil {
		return nil, err
	}
	note.hintDialect(ops)
	rt, defs, err := s.userType(ctx)
	if err != nil {
		return nil, err
	}
	plan := patch.Prepare(rt, ops) // paths parsed once, for both
	if ignored := plan.Ignored(); len(ignored) > 0 {
		noteNotStored(ctx, ignored)
	}
	return s.updateEmployee(ctx, wr, id, cond, func(e *directory.Employee) error {
		doc, err := plan.Apply(userdoc.Doc(e, defs))
		if err != nil {
			return err
		}
		userdoc.Apply(e, doc, defs)
		return nil
	})
}

// updateEmployee runs a change through the single updater, checking the
// preconditions against the stored version inside the transaction.
func (s *Server) updateEmployee(ctx context.Context, wr employeeWriter, id string, cond preconditions, change func(*directory.Employee) error) (*directory.Employee, error) {
	note := noteOf(ctx)
	note.employeeID = id
	e, err := wr.UpdateEmployee(ctx, companyIDOf(ctx), id, actor(ctx), func(e *directory.Employee) error {
		note.userName = e.UserName
		if err := cond.check(e.Version, false); err != nil {
			return err
		}
		return change(e)
	})
	if err != nil {
		return nil, userNotFound(id, err)
	}
	return &e, nil
}

// deleteEmployee is DELETE /Users/{id}.
func (s *Server) deleteEmployee(ctx context.Context, wr employeeWriter, id string, cond preconditions) error {
	note := noteOf(ctx)
	note.op, note.employeeID = directory.OpDelete, id
	err := wr.DeleteEmployee(ctx, companyIDOf(ctx), id, actor(ctx),
		func(e *directory.Employee) error {
			note.userName = e.UserName
			return cond.check(e.Version, false)
		})
	return userNotFound(id, err)
}

// batchWriter adapts a company-scoped store batch to employeeWriter.
type batchWriter struct{ b directory.Batch }

func (w batchWriter) CreateEmployee(ctx context.Context, e *directory.Employee, by directory.Actor) error {
	return w.b.CreateEmployee(ctx, e, by)
}

func (w batchWriter) UpdateEmployee(ctx context.Context, _, id string, by directory.Actor, fn func(*directory.Employee) error) (directory.Employee, error) {
	return w.b.UpdateEmployee(ctx, id, by, fn)
}

func (w batchWriter) DeleteEmployee(ctx context.Context, _, id string, by directory.Actor, check func(*directory.Employee) error) error {
	return w.b.DeleteEmployee(ctx, id, by, check)
}
