package scim

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrorSchema is the schema URN of every SCIM error body (RFC 7644 §3.12).
const ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

// ScimType is the detail error keyword of RFC 7644 §3.12, Table 9.
type ScimType string

// The scimType values of RFC 7644 §3.12.
const (
	InvalidFilter ScimType = "invalidFilter"
	TooMany       ScimType = "tooMany"
	Uniqueness    ScimType = "uniqueness"
	Mutability    ScimType = "mutability"
	InvalidSyntax ScimType = "invalidSyntax"
	InvalidPath   ScimType = "invalidPath"
	NoTarget      ScimType = "noTarget"
	InvalidValue  ScimType = "invalidValue"
	InvalidVers   ScimType = "invalidVers"
	Sensitive     ScimType = "sensitive"
)

// Error is a protocol error that renders as a SCIM error body. Status is the
// HTTP status; ScimType may be empty (404, 401, 412 … have none).
type Error struct {
	Status   int
	ScimType ScimType
	Detail   string
	// RetryAfter, in seconds, tells the client when to try again (the
	// Retry-After header of a 429 or 503); 0 sends none.
	RetryAfter int
	// Err is an underlying cause kept for errors.As (never rendered).
	Err error
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	if e.ScimType != "" {
		return fmt.Sprintf("scim %d %s: %s", e.Status, e.ScimType, e.Detail)
	}
	return fmt.Sprintf("scim %d: %s", e.Status, e.Detail)
}

// Errorf returns a 400 error of the given scimType with a formatted detail.
func Errorf(t ScimType, format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, ScimType: t, Detail: fmt.Sprintf(format, args...)}
}

// NotFound returns a 404 error.
func NotFound(format string, args ...any) *Error {
	return &Error{Status: http.StatusNotFound, Detail: fmt.Sprintf(format, args...)}
}

// AsError reports whether err is (or wraps) a *Error and returns it.
func AsError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}
