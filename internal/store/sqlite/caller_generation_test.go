package sqlite

import (
	"context"
	"testing"
	"time"

	"roster/internal/directory"
)

// The generation of callers (migration 0031) moves with every change to
// what a caller is made of, and not with employee writes nor with a
// connection's use (0032): what lets the callers be remembered across
// this process's own commits (remembered_callers.go).

// callerGeneration reads the generation of callers.
func callerGeneration(t *testing.T, s *Store) int64 {
	t.Helper()
	var n int64
	if err := s.w.QueryRowContext(t.Context(), `SELECT n FROM caller_generation`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCallerGenerationMoves(t *testing.T) {
	e := newTokenEnv(t)
	emp := e.employee(t)
	for _, tc := range []struct {
		change string
		moves  bool
		do     func(ctx context.Context) error
	}{
		{"an employee created", false, func(ctx context.Context) error { e.employee(t); return nil }},
		{"an employee updated", false, func(ctx context.Context) error {
			_, err := e.s.UpdateEmployee(ctx, e.company.ID, emp.ID, directory.Actor{}, func(x *directory.Employee) error { x.Title = "Boss"; return nil })
			return err
		}},
		{"an employee deleted", false, func(ctx context.Context) error {
			return e.s.DeleteEmployee(ctx, e.company.ID, e.employee(t).ID, directory.Actor{}, nil)
		}},
		{"a connection created", true, func(ctx context.Context) error {
			_, hash := directory.NewToken()
			return e.s.CreateConnection(ctx, &directory.Connection{ID: directory.NewID(), CompanyID: e.company.ID, Label: "Okta", TokenHash: hash})
		}},
		{"a connection's use recorded", false, func(ctx context.Context) error {
			return e.s.RecordConnectionUse(ctx, e.conn.ID, time.Now(), 3)
		}},
		{"connections' use recorded together", false, func(ctx context.Context) error {
			return e.s.RecordConnectionsUse(ctx, []directory.ConnectionUse{{ConnectionID: e.conn.ID, At: time.Now(), Requests: 3}})
		}},
		{"provisioning turned off", true, func(ctx context.Context) error {
			return e.s.SetProvisioningDisabled(ctx, e.company.ID, true)
		}},
		{"an attribute defined", true, func(ctx context.Context) error {
			return e.s.CreateAttribute(ctx, &directory.AttributeDef{ID: directory.NewID(), CompanyID: e.company.ID, Name: "Department", Type: directory.TypeOption})
		}},
		{"a connection rotated", true, func(ctx context.Context) error {
			_, hash := directory.NewToken()
			return e.s.RotateConnection(ctx, e.conn.ID, &directory.Connection{ID: directory.NewID(), Label: "Entra 2", TokenHash: hash}, time.Now().Add(time.Hour))
		}},
		{"a connection revoked", true, func(ctx context.Context) error {
			return e.s.RevokeConnection(ctx, e.conn.ID, time.Now())
		}},
	} {
		before := callerGeneration(t, e.s)
		if err := tc.do(t.Context()); err != nil {
			t.Fatalf("%s: %v", tc.change, err)
		}
		if moved := callerGeneration(t, e.s) != before; moved != tc.moves {
			t.Errorf("%s: the generation of callers moved = %v; want %v", tc.change, moved, tc.moves)
		}
	}
}
