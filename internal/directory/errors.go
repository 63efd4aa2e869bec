package directory

import (
	"errors"
	"fmt"
)

// Code classifies a domain error; the HTTP layers map codes to statuses.
type Code string

// The error codes.
const (
	ENotFound     Code = "not_found"
	EConflict     Code = "conflict"
	EInvalid      Code = "invalid"
	EPrecondition Code = "precondition_failed"
	EUnauthorized Code = "unauthorized"
)

// Error is a domain error whose Message is safe to show to the caller.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

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

// ErrorCode returns the code of a domain error, or "" for other errors.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
