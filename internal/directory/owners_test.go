package directory

import (
	"reflect"
	"testing"
)

// TestOwnersApply: a non-owner's write of an owned attribute is kept at
// its old value and reported, never refused; owners and admins write.
func TestOwnersApply(t *testing.T) {
	owners := Owners{
		{Attribute: "department", ConnectionID: "hr", ConnectionLabel: "Workday HR"},
		{Attribute: CompanyAttribute("site"), ConnectionID: "hr", ConnectionLabel: "Workday HR"},
		{Attribute: "active", ConnectionID: "hr", ConnectionLabel: "Workday HR"},
	}
	old := func() *Employee {
		return &Employee{UserName: "ada", Department: "R&D", Title: "Engineer", Active: true,
			Attributes: map[string]AttributeValue{"site": {Text: "Paris"}}}
	}
	entraWrite := func() *Employee {
		return &Employee{UserName: "ada", Department: "Sales", Title: "Staff Engineer", Active: false,
			Attributes: map[string]AttributeValue{"site": {Text: "Berlin"}}}
	}
	owned := []NotApplied{
		{"active", "owned by Workday HR"},
		{"department", "owned by Workday HR"},
		{CompanyAttribute("site"), "owned by Workday HR"},
	}
	for _, tc := range []struct {
		name  string
		o     Owners
		old   *Employee
		by    Actor
		want  []NotApplied
		check func(t *testing.T, e *Employee)
	}{
		{"NonOwnerNotApplied", owners, old(), Actor{ConnectionID: "entra"}, owned, func(t *testing.T, e *Employee) {
			if e.Department != "R&D" || e.Attributes["site"].Text != "Paris" || !e.Active {
				t.Errorf("owned attributes changed: %+v", e)
			}
			if e.Title != "Staff Engineer" {
				t.Errorf("title = %q; not owned, want applied", e.Title)
			}
		}},
		{"OwnerApplies", owners, old(), Actor{ConnectionID: "hr"}, nil, func(t *testing.T, e *Employee) {
			if e.Department != "Sales" || e.Active {
				t.Errorf("owner's write not applied: %+v", e)
			}
		}},
		{"AdminNotSubject", owners, old(), Actor{AdminID: "admin"}, nil, nil},
		{"NoOwners", nil, old(), Actor{ConnectionID: "entra"}, nil, nil},
		{"CreateLeavesOwnedEmptyButActive", owners, nil, Actor{ConnectionID: "entra"},
			[]NotApplied{{"department", "owned by Workday HR"}, {CompanyAttribute("site"), "owned by Workday HR"}},
			func(t *testing.T, e *Employee) {
				if e.Department != "" || len(e.Attributes) != 0 || e.Active {
					t.Errorf("created = %+v; want no department nor site, status as sent", e)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := entraWrite()
			got := tc.o.Apply(tc.old, e, tc.by)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("not applied = %v; want %v", got, tc.want)
			}
			if tc.check != nil {
				tc.check(t, e)
			}
		})
	}
}

func TestCheckOwnable(t *testing.T) {
	defs := []AttributeDef{{ID: "site-id", Name: "Site", Aliases: []string{"Location"}}}
	for attr, want := range map[string]Code{
		"department": "", "active": "", "manager": "", CompanyAttribute("site-id"): "",
		"userName": EInvalid, "externalId": EInvalid, "costCentre": EInvalid, "costCenter": "", CompanyAttribute("gone"): ENotFound,
	} {
		if got := ErrorCode(CheckOwnable(attr, defs)); got != want {
			t.Errorf("CheckOwnable(%q) = %q; want %q", attr, got, want)
		}
	}
	for in, want := range map[string]string{"department": "department", "location": CompanyAttribute("site-id"), "Site": CompanyAttribute("site-id"), "x": "x"} {
		if got := ResolveAttribute(in, defs); got != want {
			t.Errorf("ResolveAttribute(%q) = %q; want %q", in, got, want)
		}
	}
}
