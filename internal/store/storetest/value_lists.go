package storetest

import (
	"testing"

	"roster/internal/directory"
)

// valueListTests: addresses, phoneNumbers and the other lists besides
// emails are kept, in order, by single reads, lists and updates.
var valueListTests = []test{
	{"ListsLoadEveryEmployeesValues", func(t *testing.T, e *env) {
		c := e.company("Acme")
		ada := e.employee(c.ID, "ada@example.com", full)
		bob := e.employee(c.ID, "bob@example.com", func(p *directory.Employee) {
			p.PhoneNumbers = []directory.MultiValue{{Value: "+45 1", Type: "mobile"}}
		})
		page, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range page {
			want := ada
			if got.ID == bob.ID {
				want = bob
			}
			wantEqual(t, got.UserName+" addresses", got.Addresses, want.Addresses)
			wantEqual(t, got.UserName+" phoneNumbers", got.PhoneNumbers, want.PhoneNumbers)
			wantEqual(t, got.UserName+" roles", got.Roles, want.Roles)
			wantEqual(t, got.UserName+" x509Certificates", got.X509Certificates, want.X509Certificates)
		}
	}},
	{"UpdateReplacesAndClears", func(t *testing.T, e *env) {
		c := e.company("Acme")
		ada := e.employee(c.ID, "ada@example.com", full)
		got := e.update(c.ID, ada.ID, func(p *directory.Employee) {
			p.Addresses = []directory.Address{{Type: "work", Locality: "Copenhagen", Country: "DK"}}
			p.PhoneNumbers = nil
			p.Division = ""
		})
		got = e.get(c.ID, got.ID)
		wantEqual(t, "addresses", got.Addresses, []directory.Address{{Type: "work", Locality: "Copenhagen", Country: "DK"}})
		wantEqual(t, "phoneNumbers", got.PhoneNumbers, nil)
		wantEqual(t, "division", got.Division, "")
		wantEqual(t, "roles kept", got.Roles, ada.Roles)
		wantEqual(t, "work location", got.WorkLocation(), "Copenhagen, DK")
	}},
	{"TwoPrimariesRefused", func(t *testing.T, e *env) {
		c := e.company("Acme")
		ada := e.employee(c.ID, "ada@example.com")
		_, err := e.s.UpdateEmployee(e.ctx, c.ID, ada.ID, directory.Actor{}, func(p *directory.Employee) error {
			p.PhoneNumbers = []directory.MultiValue{{Value: "1", Primary: true}, {Value: "2", Primary: true}}
			return nil
		})
		wantCode(t, err, directory.EInvalid)
		wantEqual(t, "phoneNumbers unchanged", e.get(c.ID, ada.ID).PhoneNumbers, nil)
	}},
	{"DiffAndProvenanceNameTheAttributes", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Entra")
		ada := e.employeeBy(c.ID, "ada@example.com", directory.Actor{ConnectionID: conn.ID})
		_, err := e.s.UpdateEmployee(e.ctx, c.ID, ada.ID, directory.Actor{ConnectionID: conn.ID}, func(p *directory.Employee) error {
			p.PhoneNumbers = []directory.MultiValue{{Value: "+45 1", Type: "mobile"}}
			p.PreferredLanguage = "da-DK"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got := e.get(c.ID, ada.ID)
		for _, attr := range []string{"phoneNumbers", "preferredLanguage"} {
			if !got.Provenance.SetByConnection(attr, conn.ID) {
				t.Errorf("provenance of %s = %+v; want set by %s", attr, got.Provenance[attr], conn.ID)
			}
		}
	}},
}
