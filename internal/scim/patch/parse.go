package patch

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"roster/internal/scim"
)

// MessageSchema is the schema URN of a PATCH request body (RFC 7644 §3.5.2).
const MessageSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

// MaxOperations is the most operations one request may carry. Entra and
// Okta send a handful; the limit bounds the work one request can cause.
const MaxOperations = 1000

// The operation names of RFC 7644 §3.5.2, lower-cased.
const (
	opAdd     = "add"
	opReplace = "replace"
	opRemove  = "remove"
)

// Operation is one PATCH operation as sent.
//
// Op is "add", "replace" or "remove" in any case (Entra sends "Replace").
// Path is empty when the operation has none. Value is the decoded JSON value
// (numbers as json.Number when it comes from Parse); nil when null or
// absent. NoValue is set when the request had no "value" member at all:
// an add or replace with "value": null unassigns its target (RFC 7643
// §2.5), one without "value" is malformed.
type Operation struct {
	Op      string
	Path    string
	Value   any
	NoValue bool
}

// Parse decodes a PatchOp request body:
//
//	{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[...]}
//
// It is lenient where clients differ and harmless: "schemas" may be missing
// (it is not checked), member names are matched case-insensitively
// ("Operations", "operations", "Op") and so is the op itself ("Replace",
// "ADD"). It checks the shape of every operation so that Apply only sees
// operations that can be applied; its errors are *scim.Error with status
// 400: invalidSyntax, or invalidValue for more than MaxOperations.
func Parse(body []byte) ([]Operation, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var msg any
	if err := dec.Decode(&msg); err != nil {
		return nil, syntaxError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, scim.Errorf(scim.InvalidSyntax, "the request body must hold one JSON object; found more after its end")
	}
	obj, ok := msg.(map[string]any)
	if !ok {
		return nil, scim.Errorf(scim.InvalidSyntax, `the request body must be a JSON object such as {"schemas":[%q],"Operations":[{"op":"replace","path":"active","value":false}]}`, MessageSchema)
	}
	raw, ok := member(obj, "Operations")
	if !ok {
		return nil, scim.Errorf(scim.InvalidSyntax, `the request body has no "Operations" array (RFC 7644 §3.5.2)`)
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, scim.Errorf(scim.InvalidSyntax, `"Operations" must be an array of operations; got %s`, describe(raw))
	}
	if len(list) == 0 {
		return nil, scim.Errorf(scim.InvalidSyntax, `"Operations" is empty; a PATCH request needs at least one operation (RFC 7644 §3.5.2)`)
	}
	if len(list) > MaxOperations {
		return nil, tooManyOps(len(list))
	}
	ops := make([]Operation, 0, len(list))
	for i, item := range list {
		op, err := parseOperation(i, item)
		if err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
	return ops, nil
}

func parseOperation(i int, item any) (Operation, error) {
	obj, ok := item.(map[string]any)
	if !ok {
		return Operation{}, scim.Errorf(scim.InvalidSyntax, `operation %d must be a JSON object with "op", "path" and "value"; got %s`, i+1, describe(item))
	}
	var op Operation
	rawOp, _ := member(obj, "op")
	name, ok := rawOp.(string)
	if !ok {
		return Operation{}, scim.Errorf(scim.InvalidSyntax, `operation %d: "op" must be "add", "replace" or "remove"; got %s`, i+1, describeMissing(rawOp))
	}
	op.Op = name
	if rawPath, ok := member(obj, "path"); ok && rawPath != nil {
		path, ok := rawPath.(string)
		if !ok {
			return Operation{}, scim.Errorf(scim.InvalidSyntax, `operation %d: "path" must be a string; got %s`, i+1, describe(rawPath))
		}
		op.Path = path
	}
	var hasValue bool
	op.Value, hasValue = member(obj, "value")
	op.NoValue = !hasValue
	if err := check(op); err != nil {
		return Operation{}, opError(i, op, err)
	}
	return op, nil
}

// check verifies what an operation must have whatever it targets.
func check(op Operation) error {
	switch strings.ToLower(op.Op) {
	case opAdd, opReplace:
		switch {
		case op.NoValue:
			return scim.Errorf(scim.InvalidSyntax, `%q needs a "value" (to clear an attribute, use "remove" or "value": null)`, strings.ToLower(op.Op))
		case op.Value == nil && op.Path == "":
			return scim.Errorf(scim.InvalidSyntax, `%q with "value": null needs a "path" naming what to clear, e.g. {"op":"replace","path":"title","value":null}`, strings.ToLower(op.Op))
		}
	case opRemove:
	default:
		return scim.Errorf(scim.InvalidSyntax, `"op" must be "add", "replace" or "remove"; got %q`, op.Op)
	}
	return nil
}

// member returns obj's member named name, compared case-insensitively; an
// exact match wins over a case-insensitive one.
func member(obj map[string]any, name string) (any, bool) {
	if v, ok := obj[name]; ok {
		return v, true
	}
	for k, v := range obj {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

func syntaxError(err error) *scim.Error {
	e := scim.Errorf(scim.InvalidSyntax, "the request body is not valid JSON: %v", err)
	if errors.Is(err, io.EOF) {
		e = scim.Errorf(scim.InvalidSyntax, "the request body is empty; it must be a PatchOp JSON object")
	}
	e.Err = err
	return e
}

func tooManyOps(n int) *scim.Error {
	return scim.Errorf(scim.InvalidValue, "a PATCH request may hold at most %d operations; this one has %d: split it into several requests", MaxOperations, n)
}
