package httpapi

import (
	"fmt"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/schema"
	"roster/internal/userdoc"
)

// benchEmployee is an employee as Entra provisions one: name, work email,
// enterprise extension with a resolved manager, and company attributes.
func benchEmployee(i int, defs []directory.AttributeDef) directory.Employee {
	at := time.Date(2024, 1, 31, 9, 0, 0, 0, time.UTC)
	return directory.Employee{
		ID: fmt.Sprintf("0b5c2e7a-6f1d-4d3e-9a8b-%012d", i), UserName: fmt.Sprintf("user%d@contoso.com", i),
		ExternalID:  fmt.Sprintf("ext-%d", i),
		Name:        directory.Name{GivenName: "Barbara", FamilyName: "Jensen", Formatted: "Barbara Jensen"},
		DisplayName: "Barbara Jensen", Title: "Engineer", Active: true,
		Emails:         []directory.Email{{Value: fmt.Sprintf("user%d@contoso.com", i), Type: "work", Primary: true}},
		EmployeeNumber: fmt.Sprint(700000 + i), Department: "Sales",
		Manager: directory.Reference{Value: "m-1", TargetID: "m-1", TargetName: "Kim Manager"},
		Attributes: map[string]directory.AttributeValue{
			defs[0].ID: {Date: "2020-03-01"},
			defs[1].ID: {Text: "Copenhagen"},
		},
		Created: at, LastModified: at, Version: 3,
	}
}

// BenchmarkRender measures the SCIM User response: rendering an
// employee into its document, projecting it and encoding it, alone and
// as ListResponse pages.
func BenchmarkRender(b *testing.B) {
	defs := []directory.AttributeDef{
		{ID: "a1", Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate},
		{ID: "a2", Name: "Office", Type: directory.TypeOption},
	}
	rt := schema.UserType(directory.CompanySchema(defs))
	const base = "https://roster.example/scim/v2"
	b.Run("User", func(b *testing.B) {
		e := benchEmployee(1, defs)
		view := userView{base: base, defs: defs, rt: rt}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := marshalBody(renderedLater{&e, &view}); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Through the document, as a response with attributes or
	// excludedAttributes is written (and every one was before user_json.go).
	b.Run("UserDocument", func(b *testing.B) {
		e := benchEmployee(1, defs)
		b.ReportAllocs()
		for b.Loop() {
			doc := rt.Project(userdoc.Render(base, &e, defs), nil, nil)
			if _, err := marshalBody(resource{doc, rt}); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A page as list writes it: Okta's import page size, and the largest
	// page (written in parts side by side on more than one core).
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("List%d", n), func(b *testing.B) {
			employees := make([]directory.Employee, n)
			for i := range employees {
				employees[i] = benchEmployee(i, defs)
			}
			view := userView{base: base, defs: defs, rt: rt}
			b.ReportAllocs()
			for b.Loop() {
				resources := make([]any, len(employees))
				for i := range employees {
					resources[i] = renderedLater{&employees[i], &view}
				}
				if _, err := marshalBody(newListResponse(5000, 1, resources)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
