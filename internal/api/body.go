package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"time"

	"roster/internal/jsonstring"
)

// bodyDecoder reads the request's body, at most maxBody bytes, and
// returns a decoder of it that refuses unknown fields. A body that is not
// UTF-8, or whose strings escape a lone surrogate, is refused first: the
// decoder would read either as U+FFFD, and a survey would be named with a
// character its client never sent.
func bodyDecoder(w http.ResponseWriter, r *http.Request) (*json.Decoder, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, err
	}
	if err := jsonstring.CheckText(body); err != nil {
		return nil, fmt.Errorf("the body is not valid JSON text: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return dec, nil
}

// writeBodyProblem answers a body bodyDecoder or its decoding refused:
// 413 for one over maxBody, else 400 saying what the body must be (want)
// and what is wrong with it in the client's terms — the JSON field and
// the kind of value, never the Go type it was read into.
func writeBodyProblem(w http.ResponseWriter, err error, want string) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		writeProblem(w, http.StatusRequestEntityTooLarge, "the body is larger than the limit of %d bytes", tooLarge.Limit)
		return
	}
	writeProblem(w, http.StatusBadRequest, "the body must be %s: %s", want, bodyFault(err))
}

// bodyFault says what is wrong with a body, for people.
func bodyFault(err error) string {
	var typeErr *json.UnmarshalTypeError
	var timeErr *time.ParseError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return fmt.Sprintf("%q must be %s, not a JSON %s", typeErr.Field, jsonKind(typeErr.Type), typeErr.Value)
	case errors.As(err, &typeErr):
		return fmt.Sprintf("it must be a JSON object, not a JSON %s", typeErr.Value)
	case errors.As(err, &timeErr):
		return fmt.Sprintf("%q is not an RFC 3339 time such as 2026-12-07T09:00:00Z", timeErr.Value)
	case strings.Contains(err.Error(), "Time.UnmarshalJSON"):
		return "a time must be a JSON string, an RFC 3339 time such as \"2026-12-07T09:00:00Z\""
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// jsonKind names the JSON value a Go type is read from.
func jsonKind(t reflect.Type) string {
	if t == reflect.TypeFor[time.Time]() {
		return "an RFC 3339 time (a JSON string)"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "an array"
	}
	return "an object"
}
