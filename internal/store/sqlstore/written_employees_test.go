package sqlstore

import (
	"fmt"
	"testing"

	"roster/internal/directory"
)

func TestWrittenEmployeesKeepCopiesAsStored(t *testing.T) {
	var w writtenEmployees
	e := directory.Employee{ID: "e1", CompanyID: "c1", UserName: "ada", ExternalID: "okta-7",
		ExternalIDs: []directory.ExternalID{{ConnectionID: "", Value: "hr-1"}, {ConnectionID: "okta", Value: "okta-7"}},
		Emails:      []directory.Email{{Value: "ada@example.com"}},
		Manager:     directory.Reference{Value: "boss", TargetID: "e0", TargetName: "The Boss"},
		Attributes:  map[string]directory.AttributeValue{"team": {Text: "Engines"}},
		LastWriter:  directory.Actor{ConnectionID: "okta", Request: &directory.RequestInfo{}},
		Provenance:  directory.Provenance{"userName": {Actor: directory.Actor{ConnectionID: "okta", Request: &directory.RequestInfo{}}}},
	}
	w.wrote(&e, 42)

	if _, _, ok := w.of("c2", "e1"); ok {
		t.Error("found in another company")
	}
	got, seq, ok := w.of("c1", "e1")
	if !ok || seq != 42 {
		t.Fatalf("of = seq %d, %v; want 42, true", seq, ok)
	}
	// As a read returns it.
	if got.ExternalID != "hr-1" || got.Manager.TargetName != "" || got.LastWriter.Request != nil || got.Provenance["userName"].Request != nil {
		t.Errorf("kept %+v; want the unattributed externalId, no target name, no requests", got)
	}
	// Copies: what a caller changes of one changes nothing kept.
	got.Emails[0].Value = "changed"
	got.ExternalIDs[0].Value = "changed"
	got.Attributes["team"] = directory.AttributeValue{Text: "changed"}
	e.Emails[0].Value = "changed too"
	again, _, _ := w.of("c1", "e1")
	if again.Emails[0].Value != "ada@example.com" || again.ExternalIDs[0].Value != "hr-1" || again.Attributes["team"].Text != "Engines" {
		t.Errorf("kept %+v; changed through a copy", again)
	}

	w.forget()
	if _, _, ok := w.of("c1", "e1"); ok {
		t.Error("found after forget")
	}
	var none *writtenEmployees // nil keeps nothing
	none.wrote(&e, 1)
	if _, _, ok := none.of("c1", "e1"); ok {
		t.Error("a nil memory found an employee")
	}
}

// Past maxWritten employees, the memory starts anew: it stays bounded.
func TestWrittenEmployeesBounded(t *testing.T) {
	var w writtenEmployees
	for i := range maxWritten + 1 {
		w.wrote(&directory.Employee{ID: fmt.Sprint("e", i), CompanyID: "c1"}, int64(i))
	}
	if len(w.known) > maxWritten {
		t.Errorf("%d kept; want at most %d", len(w.known), maxWritten)
	}
	if _, _, ok := w.of("c1", fmt.Sprint("e", maxWritten)); !ok {
		t.Error("the last written is not kept")
	}
}
