package bulk

import (
	"encoding/json"
	"errors"
	"strings"

	"roster/internal/jsonfault"
)

// Request is a BulkRequest's envelope (RFC 7644 §3.7.1). Its field names
// are matched case-insensitively, as encoding/json matches them.
type Request struct {
	Schemas      []string    `json:"schemas"`
	FailOnErrors *int        `json:"failOnErrors"`
	Operations   []Operation `json:"Operations"`
}

// Operation is one operation of a BulkRequest.
type Operation struct {
	Method  string          `json:"method"`
	BulkID  string          `json:"bulkId"`
	Version string          `json:"version"`
	Path    string          `json:"path"`
	Data    json.RawMessage `json:"data"`
}

// TargetID is the id in an operation's path "/Users/{id}" ("" for
// "/Users").
func (op Operation) TargetID() string {
	_, id, _ := strings.Cut(strings.Trim(op.Path, "/"), "/")
	return id
}

// Parse reads body, a BulkRequest, as json.Unmarshal reads it into a
// Request: in one pass (envelope.go), or where that pass leaves the body
// to it, by json.Unmarshal. An operation's Data is the bytes of body
// that hold it. Its errors are json.Unmarshal's, but for a value of the
// wrong type, which is told in the request's terms (wrongType).
func Parse(body []byte) (Request, error) {
	if req, ok := readEnvelope(body); ok {
		return req, nil
	}
	var req Request
	err := json.Unmarshal(body, &req)
	return req, wrongType(err)
}

// wrongType tells a json.UnmarshalTypeError as the client wrote the
// request — `"Operations[].method" must be a string, not a number` —
// instead of naming the Go type it was read into.
func wrongType(err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err
	}
	named := *te
	named.Field = strings.ReplaceAll(te.Field, "Operations.", "Operations[].")
	return errors.New(jsonfault.Describe(&named, "the request"))
}
