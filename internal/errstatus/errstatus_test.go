package errstatus

import (
	"net/http"
	"testing"

	"roster/internal/directory"
)

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		code   directory.Code
		status int
		ok     bool
	}{
		{directory.ENotFound, http.StatusNotFound, true},
		{directory.EInvalid, http.StatusBadRequest, true},
		{directory.EConflict, http.StatusConflict, true},
		{directory.EPrecondition, http.StatusPreconditionFailed, true},
		{directory.EUnauthorized, http.StatusUnauthorized, true},
		{directory.EUnavailable, http.StatusServiceUnavailable, true},
		{"", 0, false},
		{"no_such_code", 0, false},
	} {
		status, ok := Of(tc.code)
		if status != tc.status || ok != tc.ok {
			t.Errorf("Of(%q) = %d, %v; want %d, %v", tc.code, status, ok, tc.status, tc.ok)
		}
	}
}
