package filter_test

import (
	"errors"
	"strings"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// companySchema is a company extension like the ones administrators build
// in roster: a name with a space (reachable in paths through its alias)
// and a "department" that collides with the enterprise one.
func companySchema() *schema.Schema {
	return &schema.Schema{ID: schema.CompanyURN, Name: "Company", Strict: true, Attributes: []*schema.Attribute{
		{Name: "Employed since", Type: schema.String, Format: "date", Aliases: []string{"Employed_Since"}},
		{Name: "department", Type: schema.String},
		{Name: "level", Type: schema.Integer},
		{Name: "fte", Type: schema.Decimal},
		{Name: "remote", Type: schema.Boolean},
		{Name: "badge", Type: schema.String, CaseExact: true},
		{Name: "skills", Type: schema.String, MultiValued: true},
	}}
}

func userType() *schema.ResourceType { return schema.UserType(companySchema()) }

// wantSCIMError checks that err is a 400 *scim.Error of type st whose
// detail holds every part of want.
func wantSCIMError(t *testing.T, err error, st scim.ScimType, want ...string) *scim.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s containing %q", st, want)
	}
	e, ok := scim.AsError(err)
	if !ok {
		t.Fatalf("got %T %v, want *scim.Error", err, err)
	}
	if e.Status != 400 || e.ScimType != st {
		t.Errorf("got status %d scimType %q, want 400 %q (%v)", e.Status, e.ScimType, st, err)
	}
	for _, w := range want {
		if !strings.Contains(e.Detail, w) {
			t.Errorf("detail %q\n  does not contain %q", e.Detail, w)
		}
	}
	return e
}

func isUnknownAttribute(err error) bool {
	var u *schema.UnknownAttributeError
	return errors.As(err, &u)
}
