package bulk

import (
	"bytes"
	"encoding/json"
)

// The envelope read in one pass.
//
// json.Unmarshal reads a BulkRequest twice: it checks the whole body's
// syntax first, then decodes it, scanning each operation's data once
// more to find its end and copying it. For a request of 1,000 creates
// (560 KB) that was 3.5–4.3 ms, on the path of a single client's every
// Bulk request (the store's batch cannot begin before the body is read).
// readEnvelope checks the syntax and takes the envelope's values in the
// same pass, and leaves each operation's data where it is in the body.
//
// It takes what it reads simply and leaves the rest to encoding/json:
// given a body with a syntax error, a value of the wrong type, a field
// named twice, or a non-ASCII or escaped string among the operations'
// fields, it reports !ok and Parse reads the body with json.Unmarshal —
// the same result, and the same refusal, as before. FuzzParse holds it
// to that.

// readEnvelope reads body as json.Unmarshal reads it into a Request; ok
// is false where it leaves the body to json.Unmarshal.
func readEnvelope(body []byte) (req Request, ok bool) {
	s := &scanner{b: body}
	if s.peek() == 'n' {
		// null: encoding/json leaves the Request as it is.
		return Request{}, s.literal("null") && s.end()
	}
	var seen fieldsSeen
	ok = s.object(func(key []byte, plain bool) bool {
		switch field := fieldOf(key, plain, requestFields); field {
		case fieldSchemas, fieldFailOnErrors:
			// Short: encoding/json reads them, and holds their types.
			v, ok := s.value()
			if !ok || !seen.first(field) {
				return false
			}
			if field == fieldSchemas {
				return json.Unmarshal(v, &req.Schemas) == nil
			}
			return json.Unmarshal(v, &req.FailOnErrors) == nil
		case fieldOperations:
			if !seen.first(field) {
				return false
			}
			return s.operations(&req.Operations)
		case fieldUnknown:
			_, ok := s.value()
			return ok
		}
		return false // an escaped key: left to encoding/json
	})
	return req, ok && s.end()
}

// operations reads the value of "Operations" into ops: null, or an array
// of operations.
func (s *scanner) operations(ops *[]Operation) bool {
	if s.peek() == 'n' {
		*ops = nil
		return s.literal("null")
	}
	// [] is an empty list, not none, as encoding/json reads it.
	*ops = []Operation{}
	return s.array(func() bool {
		var op Operation
		if s.peek() == 'n' {
			// null: an operation with nothing set.
			*ops = append(*ops, op)
			return s.literal("null")
		}
		var seen fieldsSeen
		ok := s.object(func(key []byte, plain bool) bool {
			field := fieldOf(key, plain, operationFields)
			switch field {
			case fieldUnknown:
				_, ok := s.value()
				return ok
			case fieldEscaped:
				return false
			}
			if !seen.first(field) {
				return false
			}
			if field == fieldData {
				v, ok := s.value()
				op.Data = v
				return ok
			}
			text, ok := s.text()
			if !ok {
				return false
			}
			switch field {
			case fieldMethod:
				op.Method = text
			case fieldBulkID:
				op.BulkID = text
			case fieldVersion:
				op.Version = text
			case fieldPath:
				op.Path = text
			}
			return true
		})
		*ops = append(*ops, op)
		return ok
	})
}

// text reads a string field's value: a plain string, or null, which
// leaves the field as it is (""). Anything else is left to encoding/json.
func (s *scanner) text() (string, bool) {
	if s.peek() == 'n' {
		return "", s.literal("null")
	}
	text, plain, ok := s.str()
	return string(text), ok && plain
}

// field names a field of the Request or of an Operation.
type field uint8

const (
	fieldUnknown field = iota
	fieldSchemas
	fieldFailOnErrors
	fieldOperations
	fieldMethod
	fieldBulkID
	fieldVersion
	fieldPath
	fieldData
	fieldEscaped // a key with an escape or a non-ASCII byte
)

// fieldName pairs a field with its JSON name.
type fieldName struct {
	name  string
	field field
}

var (
	requestFields   = []fieldName{{"schemas", fieldSchemas}, {"failOnErrors", fieldFailOnErrors}, {"Operations", fieldOperations}}
	operationFields = []fieldName{{"method", fieldMethod}, {"bulkId", fieldBulkID}, {"version", fieldVersion}, {"path", fieldPath}, {"data", fieldData}}
)

// fieldOf is the field key names among fields, matched without regard
// to case as encoding/json matches a plain ASCII key. A key with escapes
// or other characters is fieldEscaped (encoding/json matches it after
// unescaping and Unicode case folding: the envelope leaves it to it).
func fieldOf(key []byte, plain bool, fields []fieldName) field {
	if !plain {
		return fieldEscaped
	}
	for _, f := range fields {
		if len(key) == len(f.name) && bytes.EqualFold(key, []byte(f.name)) {
			return f.field
		}
	}
	return fieldUnknown
}

// fieldsSeen is the fields an object named.
type fieldsSeen uint16

// first notes f and reports whether it was not named before: a field
// named twice is left to encoding/json, whose rules for it (the last
// wins, merged into what the first set) the envelope does not repeat.
func (seen *fieldsSeen) first(f field) bool {
	bit := fieldsSeen(1) << f
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}
