package directory_test

import (
	"slices"
	"testing"

	"roster/internal/directory"
)

// A connection is its chain of rotated tokens, newest first; bad data (a
// cycle) ends the walk instead of hanging it.
func TestReplacedChain(t *testing.T) {
	repl := map[string]string{"a1": "a2", "a2": "a3", "b1": "b2"}
	for id, want := range map[string][]string{
		"a3": {"a3", "a2", "a1"},
		"a2": {"a2", "a1"},
		"b2": {"b2", "b1"},
		"c1": {"c1"},
	} {
		if got := directory.ReplacedChain(id, repl); !slices.Equal(got, want) {
			t.Errorf("ReplacedChain(%s) = %v; want %v", id, got, want)
		}
	}
	if got := directory.ReplacedChain("x", map[string]string{"x": "y", "y": "x"}); len(got) > 3 {
		t.Errorf("on a cycle: %v", got)
	}
}

// An employee's externalIds are shown one a connection: a replaced
// token's copy through its newest token.
func TestCurrentExternalIDs(t *testing.T) {
	e := directory.Employee{ExternalIDs: []directory.ExternalID{
		{ConnectionID: "a1", Value: "ext-old"}, {ConnectionID: "a2", Value: "ext-new"}, {ConnectionID: "okta", Value: "00u1"}, {Value: "admin-set"}}}
	got := e.CurrentExternalIDs(map[string]string{"a1": "a2"})
	want := []directory.ExternalID{{ConnectionID: "a2", Value: "ext-new"}, {ConnectionID: "okta", Value: "00u1"}, {Value: "admin-set"}}
	if !slices.Equal(got, want) {
		t.Errorf("CurrentExternalIDs = %v; want %v", got, want)
	}
}
