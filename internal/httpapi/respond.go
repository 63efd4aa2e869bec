package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"sync"

	"roster/internal/directory"
	"roster/internal/errstatus"
	"roster/internal/jsonfault"
	"roster/internal/jsonstring"
	"roster/internal/scim"
)

// contentType is the media type of every SCIM response (RFC 7644 §3.1);
// the Microsoft SCIM Validator aborts on application/json.
const contentType = "application/scim+json; charset=utf-8"

func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := bodies.Get().(*bytes.Buffer)
	defer putBody(buf)
	body, err := appendBody(buf, v)
	if err != nil {
		slog.Error("encode response", "err", err)
		status, body = http.StatusInternalServerError, []byte(`{"schemas":["`+scim.ErrorSchema+`"],"status":"500","detail":"internal error"}`)
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// jsonAppender is a response body that writes its JSON itself: a
// resource, or a list of them (encoding/json would re-read and compact
// what a MarshalJSON method returns, a third of a page's encoding).
type jsonAppender interface {
	appendJSON(buf *bytes.Buffer) error
}

// marshalBody encodes a response body.
func marshalBody(v any) ([]byte, error) {
	var buf bytes.Buffer
	return appendBody(&buf, v)
}

// appendBody encodes a response body into buf, returning its bytes.
func appendBody(buf *bytes.Buffer, v any) ([]byte, error) {
	a, ok := v.(jsonAppender)
	if !ok {
		return json.Marshal(v)
	}
	err := a.appendJSON(buf)
	return buf.Bytes(), err
}

// bodies are buffers for response bodies, used again once a body is
// written: a lookup's body grew a new buffer from nothing each time,
// doubling it half a dozen times (a tenth of what a lookup allocated).
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBody is the largest buffer bodies keeps: a page of a thousand
// employees is a megabyte, which would stay in memory for small bodies.
const maxPooledBody = 64 << 10

// putBody returns buf to bodies, emptied, unless it grew too large.
func putBody(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledBody {
		return
	}
	buf.Reset()
	bodies.Put(buf)
}

// errorBody is the RFC 7644 §3.12 error response; status is a string.
type errorBody struct {
	Schemas  []string `json:"schemas"`
	Status   string   `json:"status"`
	ScimType string   `json:"scimType,omitempty"`
	Detail   string   `json:"detail,omitempty"`
}

// writeError renders err as a SCIM error. Protocol and domain errors keep
// their detail; anything else is logged with the request id and answered
// with a 500 that shows only that id.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := toSCIMError(err)
	if e == nil {
		id := requestID(r.Context())
		slog.Error("internal error", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		e = &scim.Error{Status: http.StatusInternalServerError, Detail: "internal error; request id " + id}
	}
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="roster SCIM"`)
	}
	if e.Status == http.StatusServiceUnavailable && !errors.Is(err, errProvisioningPaused) {
		// Not the client's fault, nor roster's bug: the operator wants
		// to see why the database did not answer.
		slog.Warn("store unavailable", "request_id", requestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if rec, ok := w.(errorNoter); ok {
		rec.noteError(string(e.ScimType), e.Detail)
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	writeJSON(w, e.Status, errorBody{
		Schemas:  []string{scim.ErrorSchema},
		Status:   strconv.Itoa(e.Status),
		ScimType: string(e.ScimType),
		Detail:   e.Detail,
	})
}

// toSCIMError maps protocol and domain errors to SCIM errors; nil means
// the error is internal.
func toSCIMError(err error) *scim.Error {
	if e, ok := scim.AsError(err); ok {
		return e
	}
	if directory.IsUnavailable(err) || errors.Is(err, context.Canceled) {
		// The database did not answer (in time: Config.RequestTimeout);
		// or the client went away, and the answer goes nowhere.
		return unavailable(directory.Unavailable(err).Message)
	}
	var d *directory.Error
	if !errors.As(err, &d) {
		return nil
	}
	status, ok := errstatus.Of(d.Code)
	if !ok {
		return nil
	}
	if status == http.StatusServiceUnavailable {
		return unavailable(d.Message)
	}
	scimType, ok := scimTypes[domainError{d.Code, d.Kind}]
	if !ok {
		scimType = scimTypes[domainError{d.Code, ""}]
	}
	return &scim.Error{Status: status, ScimType: scimType, Detail: d.Message}
}

// domainError is what decides a domain error's scimType: its code and,
// where one code has several, its kind.
type domainError struct {
	code directory.Code
	kind directory.Kind
}

// scimTypes are the scimTypes of domain errors (RFC 7644 §3.12); their
// statuses are errstatus's. A kind missing here answers as its code
// does; a code missing here has no scimType.
var scimTypes = map[domainError]scim.ScimType{
	{directory.EConflict, ""}:                  scim.Uniqueness,
	{directory.EInvalid, ""}:                   scim.InvalidValue,
	{directory.EInvalid, directory.KindFilter}: scim.InvalidFilter,
}

// unavailableRetryAfter is the Retry-After of a 503 for a database that
// does not answer: short, as Entra and Okta retry failed requests later
// anyway, and the database is usually back within seconds.
const unavailableRetryAfter = 5

// unavailable is the 503 answered while the store cannot serve: nothing
// was changed, and Entra and Okta retry a 503 (a 500 they may report as a
// failure of the user).
func unavailable(detail string) *scim.Error {
	return &scim.Error{Status: http.StatusServiceUnavailable, Detail: detail, RetryAfter: unavailableRetryAfter}
}

// maxBodyBytes bounds a single-resource request body.
const maxBodyBytes = 1 << 20

// readBody reads a JSON request body, refusing other media types and
// bodies over the limit while streaming.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !isJSONMediaType(ct) {
		return nil, unsupportedMediaType(ct)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, &scim.Error{Status: http.StatusRequestEntityTooLarge,
				Detail: fmt.Sprintf("request body is larger than the limit of %d bytes", tooLarge.Limit)}
		}
		return nil, scim.Errorf(scim.InvalidSyntax, "could not read the request body: %v", err)
	}
	return body, checkText(body)
}

// checkText refuses a body that is not UTF-8, or whose strings escape a
// lone surrogate, before a JSON decoder reads the fault as U+FFFD and the
// employee is stored with a character its client never sent.
func checkText(body []byte) error {
	if err := jsonstring.CheckText(body); err != nil {
		return scim.Errorf(scim.InvalidSyntax, "the request body is not valid JSON text: %v", err)
	}
	return nil
}

// isJSONMediaType accepts application/scim+json and application/json with
// any parameters (charset): Okta's SPEC test posts application/json.
func isJSONMediaType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/scim+json" || mt == "application/json")
}

func unsupportedMediaType(ct string) error {
	return &scim.Error{Status: http.StatusUnsupportedMediaType,
		Detail: fmt.Sprintf("Content-Type %q is not supported; send application/scim+json or application/json", ct)}
}

// decodeObject decodes a JSON object, keeping numbers exact.
func decodeObject(body []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		// Valid JSON of another kind ("x", [], 1): said in JSON's terms,
		// not the Go type it would have been read into.
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, scim.Errorf(scim.InvalidSyntax, "%s", jsonfault.WrongType(te, "the request body"))
		}
		return nil, scim.Errorf(scim.InvalidSyntax, "request body is not valid JSON: %v", err)
	}
	if doc == nil {
		return nil, scim.Errorf(scim.InvalidSyntax, "request body must be a JSON object")
	}
	if dec.More() {
		return nil, scim.Errorf(scim.InvalidSyntax, "request body holds more than one JSON value")
	}
	return doc, nil
}
