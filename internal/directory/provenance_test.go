package directory

import (
	"reflect"
	"testing"
	"time"
)

// TestKeepOthers is the PUT rule: what a connection's replace leaves out
// is cleared only when that connection last set it, or nobody did.
func TestKeepOthers(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	entra, hr := Actor{ConnectionID: "entra"}, Actor{ConnectionID: "hr"}
	stored := func() *Employee {
		return &Employee{UserName: "ada@acme.example", Title: "Engineer", Department: "R&D", Active: true,
			Name:       Name{GivenName: "Ada", FamilyName: "Lovelace"},
			Emails:     []Email{{Value: "ada@acme.example", Primary: true}},
			Manager:    Reference{Value: "boss", TargetID: "boss-id"},
			Attributes: map[string]AttributeValue{"site": {Text: "Paris"}, "band": {Number: 3}},
			Provenance: Provenance{
				"userName": {entra, at}, "title": {entra, at}, "manager": {entra, at},
				CompanyAttribute("site"): {entra, at}, "emails": {entra, at},
				"name.givenName": {hr, at}, "department": {hr, at},
				// band: nobody (set before provenance, by no connection: unattributed)
				CompanyAttribute("band"): {Actor{}, at},
			}}
	}
	// hrPut is what HR's PUT of its own profile builds: its names,
	// department and emails, nothing else.
	hrPut := func() *Employee {
		return &Employee{UserName: "ada@acme.example", Department: "Research", Active: true,
			Name:   Name{GivenName: "Ada", FamilyName: "Lovelace"},
			Emails: []Email{{Value: "ada@hr.example", Primary: true}}}
	}
	for _, tc := range []struct {
		name     string
		by       string
		old      func() *Employee
		new      func() *Employee
		wantKept []string
		check    func(t *testing.T, e *Employee)
	}{
		{"OtherConnectionsAttributesSurvive", "hr", stored, hrPut,
			[]string{"title", "manager", CompanyAttribute("band"), CompanyAttribute("site")},
			func(t *testing.T, e *Employee) {
				if e.Title != "Engineer" || e.Manager.TargetID != "boss-id" || e.Attributes["site"].Text != "Paris" || e.Attributes["band"].Number != 3 {
					t.Errorf("kept = %+v", e)
				}
				if e.Department != "Research" || e.Emails[0].Value != "ada@hr.example" {
					t.Errorf("sent values not applied: %+v", e)
				}
			}},
		{"OwnAttributesAreCleared", "hr", stored, func() *Employee {
			e := hrPut()
			e.Department = ""
			return e
		}, []string{"title", "manager", CompanyAttribute("band"), CompanyAttribute("site")},
			func(t *testing.T, e *Employee) {
				if e.Department != "" {
					t.Errorf("department = %q; HR set it and left it out, want cleared", e.Department)
				}
			}},
		{"NeverSetIsCleared", "hr", func() *Employee {
			e := stored()
			delete(e.Provenance, "title")
			return e
		}, hrPut, []string{"manager", CompanyAttribute("band"), CompanyAttribute("site")},
			func(t *testing.T, e *Employee) {
				if e.Title != "" {
					t.Errorf("title = %q; nobody ever set it, want cleared (RFC replace)", e.Title)
				}
			}},
		{"SameConnectionReplacesEverything", "entra", stored, func() *Employee {
			return &Employee{UserName: "ada@acme.example", Active: true}
		}, []string{"name.givenName", "department", CompanyAttribute("band")},
			func(t *testing.T, e *Employee) {
				if e.Title != "" || e.Manager.Value != "" || len(e.Emails) != 0 || e.Attributes["site"] != (AttributeValue{}) {
					t.Errorf("Entra's own attributes kept: %+v", e)
				}
				if e.Name.GivenName != "Ada" || e.Department != "R&D" {
					t.Errorf("HR's attributes cleared: %+v", e)
				}
			}},
		{"AnAdminsValueIsAnothers", "hr", func() *Employee {
			e := stored()
			e.Provenance["department"] = SetBy{Actor{AdminID: "admin"}, at}
			e.Provenance["title"] = SetBy{Actor{AdminID: "admin", ConnectionID: "hr"}, at}
			return e
		}, func() *Employee {
			e := hrPut()
			e.Department = ""
			return e
		}, []string{"title", "department", "manager", CompanyAttribute("band"), CompanyAttribute("site")}, nil},
		// externalId is each connection's own (Employee.ExternalID is the
		// writer's): its PUT leaving it out clears it, whoever last wrote
		// another connection's.
		{"OwnExternalIDCleared", "okta", func() *Employee {
			e := stored()
			e.ExternalID = "OK-2"
			e.Provenance["externalId"] = SetBy{entra, at}
			return e
		}, hrPut, []string{"title", "manager", CompanyAttribute("band"), CompanyAttribute("site")},
			func(t *testing.T, e *Employee) {
				if e.ExternalID != "" {
					t.Errorf("externalId = %q; Okta's own, left out of Okta's PUT, want cleared", e.ExternalID)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, e := tc.old(), tc.new()
			got := KeepOthers(old, e, tc.by)
			if !reflect.DeepEqual(got, tc.wantKept) {
				t.Errorf("kept %q; want %q", got, tc.wantKept)
			}
			if tc.check != nil {
				tc.check(t, e)
			}
			if !reflect.DeepEqual(old, tc.old()) {
				t.Errorf("old changed: %+v", old)
			}
		})
	}
}

func TestProvenanceStamp(t *testing.T) {
	at := time.Unix(100, 0)
	p := Provenance{"title": {Actor{ConnectionID: "entra"}, time.Unix(1, 0)}, "department": {Actor{ConnectionID: "entra"}, time.Unix(1, 0)}}
	p.Stamp(Diff(&Employee{Title: "A", Department: "D"}, &Employee{Title: "B", Department: "D", Locale: "fr"}), Actor{ConnectionID: "hr"}, at)
	want := Provenance{
		"title":      {Actor{ConnectionID: "hr"}, at},
		"department": {Actor{ConnectionID: "entra"}, time.Unix(1, 0)},
		"locale":     {Actor{ConnectionID: "hr"}, at},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("stamped %v; want %v", p, want)
	}
}

func TestExternalIDs(t *testing.T) {
	var e Employee
	e.SetExternalID("okta", "00u1")
	e.SetExternalID("entra", "guid-1")
	e.SetExternalID("", "legacy")
	shared := e.ExternalIDs
	e.SetExternalID("okta", "00u2")
	want := []ExternalID{{"", "legacy"}, {"entra", "guid-1"}, {"okta", "00u2"}}
	if !reflect.DeepEqual(e.ExternalIDs, want) {
		t.Errorf("ExternalIDs = %v; want %v", e.ExternalIDs, want)
	}
	if shared[2].Value != "00u1" {
		t.Error("SetExternalID changed a slice shared with a copy")
	}
	e.SeenBy("entra")
	if e.ExternalID != "guid-1" || e.ExternalIDOf("workday") != "" {
		t.Errorf("entra sees %q, workday %q", e.ExternalID, e.ExternalIDOf("workday"))
	}
	if !e.HasExternalID("00u2") || e.HasExternalID("00U2") || e.HasExternalID("") {
		t.Error("HasExternalID: want any connection's value, case-exact")
	}
	e.SetExternalID("entra", "")
	if len(e.ExternalIDs) != 2 || e.ExternalIDOf("entra") != "" {
		t.Errorf("after clearing Entra's: %v", e.ExternalIDs)
	}
}
