package directory

import (
	"reflect"
	"testing"
)

func TestDiff(t *testing.T) {
	ada := Employee{UserName: "ada@acme.example", Title: "Engineer", Active: true,
		Emails:     []Email{{Value: "ada@acme.example", Type: "work", Primary: true}},
		Manager:    Reference{Value: "boss-id", TargetID: "boss-id"},
		Attributes: map[string]AttributeValue{"dept": {Text: "Sales"}, "band": {Number: 3}}}
	with := func(f func(e *Employee)) *Employee {
		e := ada
		e.Attributes = map[string]AttributeValue{}
		for k, v := range ada.Attributes {
			e.Attributes[k] = v
		}
		f(&e)
		return &e
	}
	for _, tc := range []struct {
		name     string
		old, new *Employee
		want     []Change
	}{
		{"Unchanged", &ada, with(func(e *Employee) { e.Version, e.LastModified = 9, e.LastModified.Add(1) }), nil},
		{"Title", &ada, with(func(e *Employee) { e.Title = "Staff Engineer" }),
			[]Change{{"title", "Engineer", "Staff Engineer"}}},
		{"Deactivated", &ada, with(func(e *Employee) { e.Active = false }),
			[]Change{{"active", "true", "false"}}},
		{"ResolvingAReferenceIsNoChange", &ada, with(func(e *Employee) { e.Manager.TargetID, e.Manager.TargetName = "", "Boss" }), nil},
		{"CompanyAttributes", &ada, with(func(e *Employee) {
			delete(e.Attributes, "band")
			e.Attributes["dept"] = AttributeValue{Text: "Support"}
			e.Attributes["since"] = AttributeValue{Date: "2019-05-01"}
		}), []Change{
			{CompanyAttribute("band"), "3", ""},
			{CompanyAttribute("dept"), "Sales", "Support"},
			{CompanyAttribute("since"), "", "2019-05-01"},
		}},
		{"Emails", &ada, with(func(e *Employee) { e.Emails = append(e.Emails, Email{Value: "a@home.example"}) }),
			[]Change{{"emails", "ada@acme.example (work, primary)", "ada@acme.example (work, primary), a@home.example"}}},
		{"Created", nil, &Employee{UserName: "bob@acme.example", Active: false},
			[]Change{{"userName", "", "bob@acme.example"}, {"active", "", "false"}}},
		{"Deleted", &Employee{UserName: "bob@acme.example", Active: true}, nil,
			[]Change{{"userName", "bob@acme.example", ""}, {"active", "true", ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Diff(tc.old, tc.new); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Diff = %#v\nwant   %#v", got, tc.want)
			}
		})
	}
}

func TestChangeString(t *testing.T) {
	for c, want := range map[Change]string{
		{"title", "Engineer", "Staff Engineer"}: `title: "Engineer" → "Staff Engineer"`,
		{"title", "", "Engineer"}:               `title: (none) → "Engineer"`,
	} {
		if got := c.String(); got != want {
			t.Errorf("%#v.String() = %s, want %s", c, got, want)
		}
	}
	if id, ok := CompanyAttributeID(CompanyAttribute("x1")); !ok || id != "x1" {
		t.Errorf("CompanyAttributeID round trip = %q %v", id, ok)
	}
}
