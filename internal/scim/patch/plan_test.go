package patch_test

import (
	"reflect"
	"strings"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/patch"
)

// TestPlanReused: the store's updater may run the PATCH more than once; a
// Plan gives the same document every time and leaves its input alone.
func TestPlanReused(t *testing.T) {
	rt := userType()
	ops := []patch.Operation{
		{Op: "Replace", Path: `emails[type eq "work"].value`, Value: "new@example.com"},
		{Op: "Replace", Path: "name.givenName", Value: "Babs"},
		{Op: "add", Path: `phoneNumbers[type eq "work"].value`, Value: "1"},
		{Op: "replace", Path: "password", Value: "s3cret"},
	}
	want, err := patch.Apply(rt, baseDoc(), ops)
	if err != nil {
		t.Fatal(err)
	}
	plan := patch.Prepare(rt, ops)
	for i := range 2 {
		doc := baseDoc()
		got, err := plan.Apply(doc)
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("run %d: got %v, want %v", i, got, want)
		}
		if !reflect.DeepEqual(doc, baseDoc()) {
			t.Errorf("run %d modified its input: %v", i, doc)
		}
	}
	if got, want := plan.Ignored(), []string{"password"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Ignored = %q, want %q", got, want)
	}
}

// TestPlanErrorInTurn: a path is resolved before any operation runs, but
// its error is reported in its operation's turn, after an earlier
// operation's own error.
func TestPlanErrorInTurn(t *testing.T) {
	ops := []patch.Operation{
		{Op: "replace", Path: "active", Value: "maybe"},
		{Op: "replace", Path: `emails[type eq "work"`, Value: "x"},
	}
	_, err := patch.Prepare(userType(), ops).Apply(baseDoc())
	e, ok := scim.AsError(err)
	if !ok || e.ScimType != scim.InvalidValue || !strings.Contains(e.Detail, "operation 1") {
		t.Errorf("got %v, want operation 1's invalidValue", err)
	}
	ops[0].Value = true
	_, err = patch.Prepare(userType(), ops).Apply(baseDoc())
	if e, ok := scim.AsError(err); !ok || e.ScimType != scim.InvalidPath || !strings.Contains(e.Detail, "operation 2") {
		t.Errorf("got %v, want operation 2's invalidPath", err)
	}
}
