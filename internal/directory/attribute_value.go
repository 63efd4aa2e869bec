package directory

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// AttributeValue is one employee's value of one attribute; exactly the
// field of the attribute's type is set.
type AttributeValue struct {
	Text   string    // TypeOption
	Date   string    // TypeDate, YYYY-MM-DD
	Number int64     // TypeNumber
	Ref    Reference // TypeEmployee
}

// Check checks v against the attribute and returns its stored form:
// only the field of the attribute's type is kept, and ok is false when v
// holds no value (an empty text, date or reference). An option longer
// than MaxOptionLength, an option not among Options (compared
// case-insensitively) of a list that is not open, or a date that is not YYYY-MM-DD is EInvalid
// naming the attribute. Every number is a value.
func (a *AttributeDef) Check(v AttributeValue) (stored AttributeValue, ok bool, err error) {
	switch a.Type {
	case TypeOption:
		// As options are (Validate): the spaces around a value are no
		// part of it, and an option is stored as listed whatever the case
		// it was sent in — an open list's too, so that one option is never
		// two values that segment apart.
		text := strings.TrimSpace(v.Text)
		if text == "" {
			return AttributeValue{}, false, nil
		}
		if n := utf8.RuneCountInString(text); n > MaxOptionLength {
			return AttributeValue{}, false, Invalid("attribute %q takes at most %d characters; got %d", a.Name, MaxOptionLength, n)
		}
		if i := indexFold(a.Options, text); i >= 0 {
			return AttributeValue{Text: a.Options[i]}, true, nil
		}
		if len(a.Options) > 0 && !a.Open {
			return AttributeValue{}, false, Invalid("attribute %q takes one of %s; got %q", a.Name, strings.Join(a.Options, ", "), text)
		}
		return AttributeValue{Text: text}, true, nil
	case TypeDate:
		if v.Date == "" {
			return AttributeValue{}, false, nil
		}
		if _, err := time.Parse(time.DateOnly, v.Date); err != nil {
			return AttributeValue{}, false, Invalid("attribute %q is a date and takes YYYY-MM-DD; got %q", a.Name, v.Date)
		}
		return AttributeValue{Date: v.Date}, true, nil
	case TypeNumber:
		return AttributeValue{Number: v.Number}, true, nil
	case TypeEmployee:
		if v.Ref.Value == "" {
			return AttributeValue{}, false, nil
		}
		return AttributeValue{Ref: Reference{Value: v.Ref.Value}}, true, nil
	}
	// Validate refuses other types: a stored one is roster's bug.
	return AttributeValue{}, false, fmt.Errorf("attribute %q has unknown type %q", a.Name, a.Type)
}

// Canonical is v as SCIM carries it for an attribute of type t: a string
// (option, date, and an employee reference's value as sent) or an int64
// (number); ok is false when v holds no value.
func (v AttributeValue) Canonical(t AttributeType) (value any, ok bool) {
	switch t {
	case TypeOption:
		return v.Text, v.Text != ""
	case TypeDate:
		return v.Date, v.Date != ""
	case TypeNumber:
		return v.Number, true
	case TypeEmployee:
		return v.Ref.Value, v.Ref.Value != ""
	}
	return nil, false
}

// CanonicalAttribute is the SCIM value of e's attribute d (see
// AttributeValue.Canonical); ok is false when e holds no value of it.
func (e *Employee) CanonicalAttribute(d AttributeDef) (value any, ok bool) {
	v, has := e.Attributes[d.ID]
	if !has {
		return nil, false
	}
	return v.Canonical(d.Type)
}
