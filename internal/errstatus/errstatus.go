// Package errstatus is the HTTP status that answers each domain error code
// (directory.Code), the one table the SCIM endpoint and the product API
// both answer by. Each adds its own body: a SCIM error with a scimType,
// an RFC 9457 problem.
package errstatus

import (
	"net/http"

	"roster/internal/directory"
)

var statuses = map[directory.Code]int{
	directory.ENotFound:     http.StatusNotFound,
	directory.EInvalid:      http.StatusBadRequest,
	directory.EConflict:     http.StatusConflict,
	directory.EPrecondition: http.StatusPreconditionFailed,
	directory.EUnauthorized: http.StatusUnauthorized,
	// The database cannot answer now: 503, with Retry-After.
	directory.EUnavailable: http.StatusServiceUnavailable,
}

// Of returns the status answering code; false for a code without one,
// which the HTTP layers answer as an internal error.
func Of(code directory.Code) (int, bool) {
	status, ok := statuses[code]
	return status, ok
}
