package httpapi

import (
	"context"

	"roster/internal/directory"
	"roster/internal/scim"
	"roster/internal/scim/patch"
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
	raw, err := decodeObject(body)
	if err != nil {
		return nil, nil, err
	}
	if v, ok := lookupFold(raw, "userName"); ok {
		// Known before the body is checked, so that a refused create
		// names the person it was for in the activity log.
		if name, ok := v.(string); ok && noteOf(ctx).userName == "" {
			noteOf(ctx).userName = name
		}
	}
	rt, _, err := s.userType(ctx)
	if err != nil {
		return nil, nil, err
	}
	doc, ignored, err := rt.Normalize(raw)
	if err != nil {
		return nil, nil, err
	}
	if len(ignored) > 0 {
		s.log.Debug("ignored unsupported attributes", "request_id", requestID(ctx), "attributes", ignored)
		noteNotStored(ctx, ignored)
	}
	return raw, doc, nil
}

// createEmployee is POST /Users.
func (s *Server) createEmployee(ctx context.Context, wr employeeWriter, body []byte) (*directory.Employee, error) {
	note := noteOf(ctx)
	note.op = directory.OpCreate
	_, doc, err := s.decodeUser(ctx, body)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	e := &directory.Employee{ID: directory.NewEmployeeID(), CompanyID: c.company.ID, Active: true, SourceConnectionID: c.connection.ID}
	userdoc.Apply(e, doc, c.defs)
	note.userName = e.UserName
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if err := wr.CreateEmployee(ctx, e, actor(ctx)); err != nil {
		return nil, err
	}
	return e, nil
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
