package directory

import (
	"context"
	"errors"
	"fmt"
)

// Code classifies a domain error; package errstatus gives the HTTP status
// that answers each.
type Code string

// The error codes.
const (
	ENotFound     Code = "not_found"
	EConflict     Code = "conflict"
	EInvalid      Code = "invalid"
	EPrecondition Code = "precondition_failed"
	EUnauthorized Code = "unauthorized"
	// EUnavailable: the store cannot answer now (the database refuses
	// connections, does not answer in time, or gave up waiting for a
	// lock). Nothing was changed; the same request may succeed later, so
	// the HTTP layers answer 503 with Retry-After.
	EUnavailable Code = "unavailable"
)

// Kind refines a Code where a protocol answers errors of one code
// differently; most errors have none ("").
type Kind string

// The error kinds.
const (
	// KindFilter marks an EInvalid error about a query's Filter: one the
	// store cannot evaluate (an attribute it does not filter on, such as
	// meta.version, or a company attribute deleted meanwhile). SCIM
	// answers it invalidFilter rather than invalidValue (RFC 7644 §3.12).
	KindFilter Kind = "filter"
)

// Error is a domain error whose Message is safe to show to the caller.
type Error struct {
	Code    Code
	Message string
	// Kind refines Code; "" for most errors.
	Kind Kind
	// cause is the underlying failure, for logs (never shown to callers).
	cause error
}

func (e *Error) Error() string {
	if e.cause != nil {
		return string(e.Code) + ": " + e.Message + ": " + e.cause.Error()
	}
	return string(e.Code) + ": " + e.Message
}

// Unwrap returns the underlying failure, if any.
func (e *Error) Unwrap() error { return e.cause }

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EInvalid error.
func Invalid(format string, args ...any) *Error { return Errorf(EInvalid, format, args...) }

// NotFound returns an ENotFound error.
func NotFound(format string, args ...any) *Error { return Errorf(ENotFound, format, args...) }

// Conflict returns an EConflict error.
func Conflict(format string, args ...any) *Error { return Errorf(EConflict, format, args...) }

// Unavailable returns an EUnavailable error caused by err.
func Unavailable(err error) *Error {
	return &Error{Code: EUnavailable, Message: "the database is unavailable or did not answer in time; nothing was changed, try again shortly", cause: err}
}

// IsUnavailable reports whether err means that the store could not
// answer (in time): EUnavailable, or the caller's deadline passed while it
// waited. Every front end answers it "try again", never "internal error".
func IsUnavailable(err error) bool {
	return ErrorCode(err) == EUnavailable || errors.Is(err, context.DeadlineExceeded)
}

// ErrorCode returns the code of a domain error, or "" for other errors.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// ErrorKind returns the kind of a domain error, or "" for other errors
// and errors without one.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// InFilter marks err, if it is an EInvalid *Error, as being about the
// query's filter (KindFilter); other errors are returned as they are.
func InFilter(err error) error {
	var e *Error
	if errors.As(err, &e) && e.Code == EInvalid {
		c := *e
		c.Kind = KindFilter
		return &c
	}
	return err
}
