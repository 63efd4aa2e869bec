package httpapi

import (
	"fmt"
	"net/http"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim"
)

// TestToSCIMError: the one table of domain errors keeps every mapping,
// and a filter the store cannot evaluate is invalidFilter.
func TestToSCIMError(t *testing.T) {
	for _, tc := range []struct {
		err        error
		status     int
		scimType   scim.ScimType
		retryAfter int
	}{
		{directory.NotFound("x"), http.StatusNotFound, "", 0},
		{directory.Conflict("x"), http.StatusConflict, scim.Uniqueness, 0},
		{directory.Invalid("x"), http.StatusBadRequest, scim.InvalidValue, 0},
		{directory.InFilter(directory.Invalid("x")), http.StatusBadRequest, scim.InvalidFilter, 0},
		{fmt.Errorf("employees: %w", directory.InFilter(directory.Invalid("x"))), http.StatusBadRequest, scim.InvalidFilter, 0},
		{directory.Errorf(directory.EPrecondition, "x"), http.StatusPreconditionFailed, "", 0},
		{directory.Errorf(directory.EUnauthorized, "x"), http.StatusUnauthorized, "", 0},
		{directory.Unavailable(fmt.Errorf("refused")), http.StatusServiceUnavailable, "", unavailableRetryAfter},
		// A kind the table does not know answers as its code.
		{&directory.Error{Code: directory.EConflict, Kind: directory.KindFilter, Message: "x"}, http.StatusConflict, scim.Uniqueness, 0},
	} {
		got := toSCIMError(tc.err)
		if got == nil || got.Status != tc.status || got.ScimType != tc.scimType || got.RetryAfter != tc.retryAfter {
			t.Errorf("toSCIMError(%v) = %+v; want status %d, scimType %q, Retry-After %d", tc.err, got, tc.status, tc.scimType, tc.retryAfter)
		}
	}
	for _, err := range []error{fmt.Errorf("boom"), directory.Errorf("strange", "x")} {
		if got := toSCIMError(err); got != nil {
			t.Errorf("toSCIMError(%v) = %+v; want nil (internal)", err, got)
		}
	}
}
