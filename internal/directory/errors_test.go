package directory_test

import (
	"context"
	"fmt"
	"testing"

	"roster/internal/directory"
)

func TestInFilter(t *testing.T) {
	plain := fmt.Errorf("store: %w", context.Canceled)
	for _, tc := range []struct {
		name     string
		err      error
		wantCode directory.Code
		wantKind directory.Kind
	}{
		{"invalid", directory.Invalid("filtering on meta.version is not supported"), directory.EInvalid, directory.KindFilter},
		{"wrapped invalid", fmt.Errorf("employees: %w", directory.Invalid("x")), directory.EInvalid, directory.KindFilter},
		{"not found stays", directory.NotFound("x"), directory.ENotFound, ""},
		{"unavailable stays", directory.Unavailable(plain), directory.EUnavailable, ""},
		{"other error stays", plain, "", ""},
		{"nil", nil, "", ""},
	} {
		got := directory.InFilter(tc.err)
		if directory.ErrorCode(got) != tc.wantCode || directory.ErrorKind(got) != tc.wantKind {
			t.Errorf("%s: InFilter = %v (code %q, kind %q); want code %q, kind %q",
				tc.name, got, directory.ErrorCode(got), directory.ErrorKind(got), tc.wantCode, tc.wantKind)
		}
	}
	// The original is not changed: errors may be shared values.
	orig := directory.Invalid("x")
	_ = directory.InFilter(orig)
	if orig.Kind != "" {
		t.Errorf("InFilter changed its argument: kind %q", orig.Kind)
	}
}
