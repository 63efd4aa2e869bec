package patch

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// opError prefixes err's detail with the operation it comes from (1-based
// index, op and path), so that an administrator reading an identity
// provider's provisioning log can find the operation at fault:
//
//	operation 2 (replace "emails[type eq \"work\"].valu"): …
//
// The result is a *scim.Error that wraps err.
func opError(i int, op Operation, err error) error {
	e, ok := scim.AsError(err)
	if !ok {
		// Not a protocol error: a bug here, not the client's fault.
		return &scim.Error{Status: http.StatusInternalServerError, Detail: describeOp(i, op) + ": internal error", Err: err}
	}
	return &scim.Error{Status: e.Status, ScimType: e.ScimType, Detail: describeOp(i, op) + ": " + e.Detail, Err: err}
}

func describeOp(i int, op Operation) string {
	name := strings.ToLower(op.Op)
	switch name {
	case opAdd, opReplace, opRemove:
	default:
		name = strconv.Quote(op.Op)
	}
	if op.Path == "" {
		return fmt.Sprintf("operation %d (%s without path)", i+1, name)
	}
	return fmt.Sprintf("operation %d (%s %q)", i+1, name, op.Path)
}

// readOnlyError refuses a change to a readOnly attribute (RFC 7644 §3.5.2:
// "a client MUST NOT modify an attribute that has mutability readOnly").
func readOnlyError(path string) *scim.Error {
	return scim.Errorf(scim.Mutability, "%q is read-only: roster sets it and a client cannot change it", path)
}

// strictError refuses a value for an attribute the company extension does
// not define: ignoring it would lose the value without anyone noticing.
func strictError(s *schema.Schema, name string, cause error) *scim.Error {
	return strictErrorOf(scim.InvalidValue, s, name, cause)
}

// strictPathError is strictError for an operation's path, which names no
// attribute: invalidPath (RFC 7644 §3.5.2), as for any other schema.
func strictPathError(s *schema.Schema, path string, cause error) *scim.Error {
	return strictErrorOf(scim.InvalidPath, s, path, cause)
}

func strictErrorOf(scimType scim.ScimType, s *schema.Schema, name string, cause error) *scim.Error {
	e := scim.Errorf(scimType, "%q is not an attribute of %s; an administrator must create it in roster (Attributes) before identity providers can send it", name, s.ID)
	e.Err = cause
	return e
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(x)
	case bool:
		return "the boolean " + strconv.FormatBool(x)
	case json.Number, float64, int64, int:
		return fmt.Sprintf("the number %v", x)
	case map[string]any:
		return "a JSON object"
	case []any:
		return "a JSON array"
	}
	return fmt.Sprintf("a %T", v)
}

func describeMissing(v any) string {
	if v == nil {
		return "nothing"
	}
	return describe(v)
}
