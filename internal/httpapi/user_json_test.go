package httpapi

import (
	"bytes"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/schema"
)

// userJSONDefs are company attributes of every type, with names that
// JSON escapes.
var userJSONDefs = []directory.AttributeDef{
	{ID: "a1", Name: "Employed_Since", Type: directory.TypeDate},
	{ID: "a2", Name: "Office <HQ>", Type: directory.TypeOption},
	{ID: "a3", Name: "Seniority", Type: directory.TypeNumber},
	{ID: "a4", Name: "Buddy", Type: directory.TypeEmployee},
	{ID: "a5", Name: "Afdeling æøå", Type: directory.TypeEmployee},
}

// fullEmployee has every attribute roster keeps, with text that JSON
// escapes in places.
func fullEmployee() directory.Employee {
	at := time.Date(2024, 1, 31, 9, 0, 0, 123456000, time.FixedZone("CET", 3600))
	mv := func(v string) []directory.MultiValue {
		return []directory.MultiValue{{Value: v, Display: "shown " + v, Type: "work", Primary: true}, {Value: v + "2"}}
	}
	return directory.Employee{
		ID: "0193f3c2-2b1e-7a4e-9e1a-0c8d3f2a1b4c", UserName: "Bjørn.Ås@contoso.com", ExternalID: `ext "1" & <2>`,
		Name: directory.Name{Formatted: "Ms. Barbara J Jensen, III", FamilyName: "Jensen", GivenName: "Barbara",
			MiddleName: "Jane", HonorificPrefix: "Ms.", HonorificSuffix: "III"},
		DisplayName: "Babs\tJensen", NickName: "Babs", ProfileURL: "https://login.example.com/bjensen?a=1&b=2",
		Title: "Tour Guide", UserType: "Employee", PreferredLanguage: "en-US", Locale: "en-US", Timezone: "America/Los_Angeles",
		Emails: []directory.Email{{Value: "bjensen@example.com", Type: "work", Primary: true}, {Value: "babs@jensen.org", Type: "home"}, {Value: "x@y.z"}},
		Addresses: []directory.Address{
			{Formatted: "100 Universal City Plaza\nHollywood, CA 91608 USA", StreetAddress: "100 Universal City Plaza", Locality: "Hollywood",
				Region: "CA", PostalCode: "91608", Country: "USA", Type: "work", Primary: true},
			{Locality: "Aarhus"},
		},
		PhoneNumbers: mv("+1 555 555 5555"), IMs: mv("someaimhandle"), Photos: mv("https://photos.example.com/profilephoto/72930000000Ccne/F"),
		Entitlements: mv("access"), Roles: mv("admin"), X509Certificates: mv("MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx"),
		Active: true, EmployeeNumber: "701984", CostCenter: "4130", Organization: "Universal Studios", Division: "Theme Park", Department: "Tour Operations",
		Manager: directory.Reference{Value: "26118915-6090-4610-87e4-49d8ca9f808d", TargetID: "26118915-6090-4610-87e4-49d8ca9f808d", TargetName: "John \"JS\" Smith"},
		Attributes: map[string]directory.AttributeValue{
			"a1": {Date: "2020-03-01"}, "a2": {Text: "Copenhagen & Aarhus"}, "a3": {Number: -42},
			"a4":   {Ref: directory.Reference{Value: "kim@contoso.com", TargetID: "t-1", TargetName: "Kim"}},
			"a5":   {Ref: directory.Reference{Value: "pending@contoso.com"}},
			"gone": {Text: "an attribute the company no longer has"},
		},
		Created: at, LastModified: at.Add(time.Hour), Version: 17,
	}
}

// TestUserJSONMatchesTheDocument checks that a user written straight
// from its employee (appendUser) is byte for byte the document userdoc
// renders as encodeResource writes it, for employees holding each part
// or none of it.
func TestUserJSONMatchesTheDocument(t *testing.T) {
	full := fullEmployee()
	for _, tc := range []struct {
		name string
		edit func(e *directory.Employee)
		defs []directory.AttributeDef
		base string
	}{
		{name: "every attribute", defs: userJSONDefs},
		{name: "no company attributes", defs: nil},
		{name: "only a userName", edit: func(e *directory.Employee) { *e = directory.Employee{ID: e.ID, UserName: e.UserName} }, defs: userJSONDefs},
		{name: "inactive, no extension", edit: func(e *directory.Employee) {
			*e = directory.Employee{ID: e.ID, UserName: e.UserName, Name: directory.Name{GivenName: "Kim"}}
		}, defs: userJSONDefs},
		{name: "manager pending", edit: func(e *directory.Employee) { e.Manager = directory.Reference{Value: "boss@contoso.com"} }, defs: nil},
		{name: "manager resolved without a name", edit: func(e *directory.Employee) { e.Manager.TargetName = "" }, defs: userJSONDefs},
		{name: "only a department", edit: func(e *directory.Employee) {
			*e = directory.Employee{ID: e.ID, UserName: e.UserName, Department: "Sales", Active: true}
		}, defs: userJSONDefs},
		{name: "only a company attribute", edit: func(e *directory.Employee) {
			*e = directory.Employee{ID: e.ID, UserName: e.UserName, Attributes: map[string]directory.AttributeValue{"a3": {}}}
		}, defs: userJSONDefs},
		{name: "a base URL that JSON escapes", defs: userJSONDefs, base: "https://roster.example/<tenant>&/scim/v2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := full
			if tc.edit != nil {
				tc.edit(&e)
			}
			checkUserJSON(t, &e, tc.defs, tc.base)
		})
	}
}

// checkUserJSON fails t when appendUser's e differs from the document's.
func checkUserJSON(t *testing.T, e *directory.Employee, defs []directory.AttributeDef, base string) {
	t.Helper()
	if base == "" {
		base = "https://roster.example/scim/v2"
	}
	rt := schema.UserType(directory.CompanySchema(defs))
	v := userView{base: base, defs: defs, rt: rt}
	var want, got bytes.Buffer
	if err := v.resource(e).appendJSON(&want); err != nil {
		t.Fatal(err)
	}
	if err := v.appendJSON(&got, e); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("written straight:\n%s\nthe document:\n%s", got.Bytes(), want.Bytes())
	}
}

// FuzzUserJSON writes employees of fuzzed text both ways.
func FuzzUserJSON(f *testing.F) {
	f.Add("bjensen@example.com", "Barbara", "work", "Sales", "boss", "t-1", "Copenhagen", int64(3), true, uint8(0xff))
	f.Add("a\"b<c>&\\d\x01é", "", "", "", "", "", "", int64(-1), false, uint8(0))
	f.Fuzz(func(t *testing.T, userName, given, typ, department, manager, target, option string, number int64, primary bool, parts uint8) {
		e := directory.Employee{ID: "0193f3c2-2b1e-7a4e-9e1a-0c8d3f2a1b4c", UserName: userName, Version: number,
			Created: time.Unix(number, 0), LastModified: time.Unix(0, number)}
		has := func(bit uint8) bool { return parts&(1<<bit) != 0 }
		if has(0) {
			e.Name = directory.Name{GivenName: given, FamilyName: typ}
			e.ExternalID = option
		}
		if has(1) {
			e.Emails = []directory.Email{{Value: userName, Type: typ, Primary: primary}, {Value: given}}
		}
		if has(2) {
			e.Addresses = []directory.Address{{Locality: given, Country: department, Type: typ, Primary: primary}}
			e.PhoneNumbers = []directory.MultiValue{{Value: option, Display: given, Type: typ, Primary: primary}}
		}
		if has(3) {
			e.Department, e.CostCenter = department, given
		}
		if has(4) {
			e.Manager = directory.Reference{Value: manager, TargetID: target, TargetName: given}
		}
		if has(5) {
			e.Attributes = map[string]directory.AttributeValue{
				"a1": {Date: option}, "a2": {Text: option}, "a3": {Number: number},
				"a4": {Ref: directory.Reference{Value: manager, TargetID: target}},
			}
		}
		e.Active = has(6)
		defs := userJSONDefs
		if has(7) {
			defs = nil
		}
		checkUserJSON(t, &e, defs, "")
	})
}
