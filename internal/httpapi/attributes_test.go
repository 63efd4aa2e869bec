package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"roster/internal/directory"
)

const companyURN = "urn:ietf:params:scim:schemas:extension:peakon:2.0:User"

// TestCompanyAttributeValues checks each attribute type's bad-value error
// on POST and PATCH: 400 invalidValue naming the attribute, its type and
// the value, and nothing stored.
func TestCompanyAttributeValues(t *testing.T) {
	e := newEnv(t)
	e.newAttribute("Department", directory.TypeOption, nil, nil)
	e.newAttribute("Office", directory.TypeOption, nil, []string{"Copenhagen", "London"})
	e.newAttribute("Date of birth", directory.TypeDate, []string{"DateOfBirth"}, nil)
	e.newAttribute("Salary band", directory.TypeNumber, []string{"SalaryBand"}, nil)
	e.newAttribute("Mentor", directory.TypeEmployee, nil, nil)
	id := e.create("valid@example.com", map[string]any{companyURN: map[string]any{
		"department": "Sales", "office": "london", "DateOfBirth": "1990-02-03", "SalaryBand": 4, "Mentor": "someone@example.com"}})

	got := e.do("GET", "/scim/v2/Users/"+id, nil).body[companyURN].(map[string]any)
	want := map[string]any{"Department": "Sales", "Office": "London", "Date of birth": "1990-02-03", "Salary band": float64(4), "Mentor": "someone@example.com",
		"pendingReferences": []any{map[string]any{"attribute": "Mentor", "value": "someone@example.com"}}}
	if !equalJSON(got, want) {
		t.Fatalf("stored %v\nwant   %v", got, want)
	}

	bad := []struct {
		name   string
		value  map[string]any
		detail []string
	}{
		{"OptionTooLong", map[string]any{"Department": strings.Repeat("x", 257)}, []string{"Department", "256"}},
		{"OptionNotInList", map[string]any{"Office": "Paris"}, []string{"Office", "Paris", "Copenhagen"}},
		{"OptionNotText", map[string]any{"Department": true}, []string{"Department", "string"}},
		{"DateNotADate", map[string]any{"DateOfBirth": "03/02/1990"}, []string{"Date of birth", "date", "03/02/1990"}},
		{"NumberWithDecimals", map[string]any{"SalaryBand": 4.5}, []string{"Salary band", "whole number", "4.5"}},
		{"NumberNotNumeric", map[string]any{"SalaryBand": "four"}, []string{"Salary band", "whole number", "four"}},
		{"EmployeeNotText", map[string]any{"Mentor": 7}, []string{"Mentor", "string"}},
		{"UndefinedAttribute", map[string]any{"Shoe size": "42"}, []string{"Shoe size", "create it"}},
	}
	for _, c := range bad {
		t.Run("POST/"+c.name, func(t *testing.T) {
			r := e.do("POST", "/scim/v2/Users", user("new-"+strings.ToLower(c.name)+"@example.com", map[string]any{companyURN: c.value}))
			for _, d := range c.detail {
				wantError(t, r, http.StatusBadRequest, "invalidValue", d)
			}
		})
		t.Run("PATCH/"+c.name, func(t *testing.T) {
			r := e.do("PATCH", "/scim/v2/Users/"+id, map[string]any{"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{companyURN: c.value}}}})
			for _, d := range c.detail {
				wantError(t, r, http.StatusBadRequest, "invalidValue", d)
			}
			if after := e.do("GET", "/scim/v2/Users/"+id, nil).body[companyURN]; !equalJSON(after, want) {
				t.Fatalf("refused PATCH changed the employee: %v", after)
			}
		})
	}
	if r := e.do("GET", "/scim/v2/Users?count=0", nil); r.body["totalResults"] != float64(1) {
		t.Fatalf("refused POSTs stored employees: %s", r.raw)
	}
}
