package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"roster/internal/scim"
)

// Normalize brings a client's resource document into canonical form: keys
// spelled as the schema spells them, extension attributes under their
// canonical URN, values of the declared type (Entra's "False" becomes false),
// read-only attributes (id, meta, manager.displayName) and nulls dropped.
//
// Attributes the resource does not have are left out and their paths
// returned in ignored, since Entra and Okta send attributes that an app may
// not support (roles, groups, password, phoneNumbers …). A Strict schema
// (the company extension) refuses unknown attributes instead, so that a
// value meant for a missing company attribute is never silently lost.
func (rt *ResourceType) Normalize(doc map[string]any) (out map[string]any, ignored []string, err error) {
	out = map[string]any{}
	given := make(SentOnce, 0, len(doc)+8) // extensions hold several
	for key, v := range doc {
		if strings.EqualFold(key, "schemas") {
			continue
		}
		if s, rest, ok := rt.SplitURN(key); ok {
			if rest == "" {
				obj, isObj := v.(map[string]any)
				if v == nil {
					continue
				}
				if !isObj {
					return nil, nil, scim.Errorf(scim.InvalidValue, "%q must be a JSON object holding that schema's attributes; got %s", s.ID, describe(v))
				}
				for k, sv := range obj {
					ig, err := rt.put(out, &given, s, Sent{In: key, Key: k, Echoed: key == s.ID}, k, sv)
					if err != nil {
						return nil, nil, err
					}
					ignored = append(ignored, ig...)
				}
				continue
			}
			ig, err := rt.put(out, &given, s, Sent{Key: key}, rest, v)
			if err != nil {
				return nil, nil, err
			}
			ignored = append(ignored, ig...)
			continue
		}
		if strings.HasPrefix(strings.ToLower(key), "urn:") {
			ignored = append(ignored, key)
			continue
		}
		ig, err := rt.put(out, &given, rt.Core, Sent{Key: key, Echoed: true}, key, v)
		if err != nil {
			return nil, nil, err
		}
		ignored = append(ignored, ig...)
	}
	return out, ignored, nil
}

// SentOnce holds what a body gave each attribute, by path, and under
// which key: a body may name an attribute in more than one way (any case,
// an alias or an old name, an extension's attribute nested or
// URN-prefixed). JSON objects have no order, so "the later key wins"
// would be a coin toss. Okta edits the representation it fetched and
// PUTs it back, with its mapping's own keys beside the fetched ones: a
// key spelled exactly as roster's responses spell it (echoed) may be
// the fetched value, so any other spelling of the same attribute, which
// only the client's own mapping writes, wins over it. Two other
// spellings with two values are refused: which one was meant cannot be
// told. A slice, not a map: a body names a few dozen attributes at most,
// and every POST and PUT pays for it. PATCH's no-path values follow the
// same rule through it.
type SentOnce []Sent

// Sent is one key of a body and what it gave its attribute.
type Sent struct {
	// In and Key name the key as sent (In: the extension's URN as sent,
	// for a key inside its object; "" otherwise).
	In, Key string
	// Echoed: the key is spelled as roster's responses spell it.
	Echoed bool
	Value  any
	path   string
}

func (v Sent) name() string {
	if v.In == "" {
		return v.Key
	}
	return v.In + ":" + v.Key
}

// Take records that a key gave the attribute at path its value, and
// reports whether that value is the attribute's now: false when an
// earlier key gave it and wins (the same value, or this key is echoed and
// the earlier one is not).
func (g *SentOnce) Take(path string, sent Sent) (bool, error) {
	sent.path = path
	for i, prev := range *g {
		if prev.path != path {
			continue
		}
		switch {
		case reflect.DeepEqual(prev.Value, sent.Value):
			return false, nil
		case prev.Echoed && !sent.Echoed:
			(*g)[i] = sent
			return true, nil
		case sent.Echoed && !prev.Echoed:
			return false, nil
		}
		first, second := prev.name(), sent.name()
		if second < first { // the same message whatever the map's order
			first, second = second, first
		}
		return false, scim.Errorf(scim.InvalidValue, "%q and %q both name %s, with different values; send it once", first, second, path)
	}
	*g = append(*g, sent)
	return true, nil
}

// foldTwins reports whether two keys of obj are the same but for case:
// the only way two of a complex value's keys name one sub-attribute.
func foldTwins(obj map[string]any) bool {
	if len(obj) < 2 {
		return false
	}
	var room [16]string // on the stack: a complex value has few keys
	seen := room[:0]
	for k := range obj {
		for _, s := range seen {
			if strings.EqualFold(s, k) {
				return true
			}
		}
		seen = append(seen, k)
	}
	return false
}

// put normalizes one attribute of schema s, named name (its key in the
// body, as sent, without a URN prefix), into out. sent is the key as
// sent, and whether its spelling may be an echo (its schema's URN as
// roster spells it, for a key inside an extension's object); put decides
// whether the name is spelled as roster's.
func (rt *ResourceType) put(out map[string]any, given *SentOnce, s *Schema, sent Sent, name string, v any) ([]string, error) {
	a := s.Attr(name)
	var common bool
	if a == nil && s == rt.Core {
		a = find(Common, name)
		common = a != nil
	}
	if a == nil {
		if s.Strict {
			return nil, scim.Errorf(scim.InvalidValue, "%q is not an attribute of %s; an administrator must create it in roster (Attributes) before identity providers can send it", name, s.ID)
		}
		path := name
		if s != rt.Core {
			path = s.ID + ":" + name
		}
		return []string{path}, nil
	}
	ref := Ref{Schema: s, Attr: a}
	if common {
		ref.Schema = nil
	}
	if a.Mutability == ReadOnly {
		// The server's own values (id, meta), echoed back, are dropped
		// without a word; a list of them (groups) is the client's
		// statement, dropped where the activity log can say so.
		if a.MultiValued && !unassigned(v) {
			return []string{ref.String()}, nil
		}
		return nil, nil
	}
	path := ref.String()
	nv, err := NormalizeValue(path, a, v)
	if err != nil {
		return nil, err
	}
	sent.Echoed, sent.Value = sent.Echoed && name == a.Name, nv
	if taken, err := given.Take(path, sent); err != nil || !taken {
		return nil, err
	}
	container := out
	if ref.IsExtension() {
		ext, _ := out[s.ID].(map[string]any)
		if ext == nil {
			if nv == nil {
				return nil, nil
			}
			ext = map[string]any{}
			out[s.ID] = ext
		}
		container = ext
	}
	if nv == nil {
		delete(container, a.Name) // an echoed value another key unassigns
		return nil, nil
	}
	container[a.Name] = nv
	return nil, nil
}

// NormalizeValue checks v against attribute a and returns it in canonical
// form; nil (and an empty list) means unassigned. path names the attribute
// in error details.
func NormalizeValue(path string, a *Attribute, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if a.MultiValued {
		list, ok := v.([]any)
		if !ok {
			// A lone value where a list belongs: accept it as a list of one.
			list = []any{v}
		}
		var out []any
		for _, item := range list {
			nv, err := normalizeSingle(path, a, item)
			if err != nil {
				return nil, err
			}
			if nv != nil {
				out = append(out, nv)
			}
		}
		if len(out) == 0 {
			return nil, nil
		}
		return out, nil
	}
	if list, ok := v.([]any); ok {
		// [] is unassigned (RFC 7643 §2.5). Microsoft's manager sample
		// wraps a single complex value in a list; a list for a simple
		// single-valued attribute ("title": ["x"]) is a client's mapping
		// error, refused rather than guessed at.
		switch {
		case len(list) == 0:
			return nil, nil
		case len(list) == 1 && a.Type == Complex:
			v = list[0]
		case a.Type == Complex:
			return nil, scim.Errorf(scim.InvalidValue, "%q takes a single value; got a list of %d", path, len(list))
		default:
			return nil, scim.Errorf(scim.InvalidValue, "%q takes a single value of type %s, not a JSON array; got a list of %d", path, a.Type, len(list))
		}
	}
	return normalizeSingle(path, a, v)
}

func normalizeSingle(path string, a *Attribute, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if a.Type == Complex {
		return normalizeComplex(path, a, v)
	}
	return NormalizeSimple(path, a, v)
}

func normalizeComplex(path string, a *Attribute, v any) (any, error) {
	obj, ok := v.(map[string]any)
	if !ok && standsForValue(a) {
		// Entra sends manager as a bare id: a string stands for "value".
		if _, isString := v.(string); isString {
			obj = map[string]any{"value": v}
			ok = true
		}
	}
	if !ok {
		return nil, scim.Errorf(scim.InvalidValue, "%q must be a JSON object with sub-attributes %s; got %s", path, subNames(a), describe(v))
	}
	out := map[string]any{}
	var given *SentOnce // only where two keys could name one sub-attribute
	if foldTwins(obj) {
		given = &SentOnce{}
	}
	for k, sv := range obj {
		sub := a.Sub(k)
		if sub == nil || sub.Mutability == ReadOnly {
			continue
		}
		nv, err := NormalizeSimple(path+"."+sub.Name, sub, sv)
		if err != nil {
			return nil, err
		}
		if given != nil {
			taken, err := given.Take(path+"."+sub.Name, Sent{Key: k, Echoed: k == sub.Name, Value: nv})
			if err != nil {
				return nil, err
			}
			if !taken {
				continue
			}
			if nv == nil {
				delete(out, sub.Name)
			}
		}
		if nv != nil {
			out[sub.Name] = nv
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// standsForValue reports whether a bare string may stand for the "value"
// of complex attribute a: a single-valued reference to another resource
// (value and $ref, the enterprise manager), which Entra sends as the bare
// id. Any other complex attribute ("name": "Ada", "emails": "a@x") needs
// its object.
func standsForValue(a *Attribute) bool {
	return !a.MultiValued && a.Sub("value") != nil && a.Sub("$ref") != nil
}

// NormalizeSimple checks a value of a non-complex attribute.
func NormalizeSimple(path string, a *Attribute, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if s, ok := v.(string); ok && a.Key != "" && strings.TrimSpace(s) == "" {
		// A company attribute sent empty has no value, whatever its type:
		// an HR system's export gives "" for an unknown date of hire as it
		// does for an unknown site.
		return nil, nil
	}
	switch a.Type {
	case Boolean:
		switch x := v.(type) {
		case bool:
			return x, nil
		case string:
			// Entra (without aadOptscim062020) sends "True"/"False".
			switch strings.ToLower(strings.TrimSpace(x)) {
			case "true":
				return true, nil
			case "false":
				return false, nil
			}
		}
		return nil, scim.Errorf(scim.InvalidValue, "%q must be a boolean (true or false); got %s", path, describe(v))
	case Integer:
		n, ok := ToInteger(v)
		if !ok {
			return nil, scim.Errorf(scim.InvalidValue, "%q must be a whole number; got %s", path, describe(v))
		}
		return n, nil
	case Decimal:
		f, ok := ToFloat(v)
		if !ok {
			return nil, scim.Errorf(scim.InvalidValue, "%q must be a number; got %s", path, describe(v))
		}
		return f, nil
	case DateTime:
		s, ok := v.(string)
		if !ok {
			return nil, scim.Errorf(scim.InvalidValue, "%q must be an ISO 8601 date-time string such as \"2024-01-31T09:00:00Z\"; got %s", path, describe(v))
		}
		t, err := ParseDateTime(s)
		if err != nil {
			return nil, scim.Errorf(scim.InvalidValue, "%q must be an ISO 8601 date-time such as \"2024-01-31T09:00:00Z\"; got %q", path, s)
		}
		return t.UTC().Format(time.RFC3339Nano), nil
	default: // string, reference, binary
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case json.Number:
			if !a.NumberAsText {
				return nil, scim.Errorf(scim.InvalidValue, "%q must be a string; got %s", path, describe(v))
			}
			s = x.String()
		case float64:
			if !a.NumberAsText {
				return nil, scim.Errorf(scim.InvalidValue, "%q must be a string; got %s", path, describe(v))
			}
			s = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			return nil, scim.Errorf(scim.InvalidValue, "%q must be a string; got %s", path, describe(v))
		}
		if strings.ContainsRune(s, 0) {
			return nil, nulValue(path)
		}
		if a.Format == "date" {
			d, err := ParseDate(s)
			if err != nil {
				return nil, scim.Errorf(scim.InvalidValue, "%q is a date attribute and needs an ISO 8601 date such as \"2021-03-01\"; got %q", path, s)
			}
			return d, nil
		}
		if a.Trimmed {
			s = strings.TrimSpace(s)
		}
		if a.MaxLength > 0 && utf8.RuneCountInString(s) > a.MaxLength {
			return nil, scim.Errorf(scim.InvalidValue, "%q may hold at most %d characters; got %d", path, a.MaxLength, utf8.RuneCountInString(s))
		}
		// A company option is stored as listed, whatever its case (an open
		// list's too: "BERLIN" is the option "Berlin", not a second one).
		// The standard attributes' canonical types are kept as sent.
		if a.Trimmed || a.StrictValues {
			for _, c := range a.CanonicalValues {
				if strings.EqualFold(c, s) {
					return c, nil
				}
			}
		}
		if a.StrictValues && len(a.CanonicalValues) > 0 {
			return nil, scim.Errorf(scim.InvalidValue, "%q must be one of %s; got %q", path, quoteList(a.CanonicalValues), s)
		}
		return s, nil
	}
}

// nulValue refuses a string holding U+0000. PostgreSQL cannot store it in
// text and SQLite would keep it but cut LIKE patterns at it, so both
// backends refuse it here alike, before any SQL. Attributes roster ignores
// are never stored and so never refused.
func nulValue(path string) error {
	return scim.Errorf(scim.InvalidValue, "%q holds a NUL character (U+0000), which roster does not store; remove it", path)
}

// dateTimeLayouts are the forms of an xsd:dateTime roster reads: with a
// zone, without one, and a date alone.
var dateTimeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"}

// ParseDateTime parses an xsd:dateTime (RFC 7643 §2.3.5); a value without
// a zone is taken as UTC.
func ParseDateTime(s string) (time.Time, error) {
	for _, layout := range dateTimeLayouts {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not an ISO 8601 date-time: %q", s)
}

// ParseDate parses an ISO 8601 date, or a date-time whose date part is
// taken as written, and returns it as YYYY-MM-DD: a hire at
// "2019-05-01T00:00:00+02:00" was on 1 May where it happened, though
// UTC was still at 30 April.
func ParseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) == len(time.DateOnly) { // the usual case, tried first: a failed parse allocates its error
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	for _, layout := range dateTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("not an ISO 8601 date: %q", s)
}

// ToInteger converts a JSON number (float64, json.Number, int64) or a
// numeric string to an int64; decimals are refused.
func ToInteger(v any) (int64, bool) {
	switch x := v.(type) {
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return 0, false
		}
		return int64(x), true
	case int64:
		return x, true
	case int:
		return int64(x), true
	case json.Number:
		n, err := x.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// ToFloat converts a JSON number or a numeric string to a float64.
func ToFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case bool:
		return "the boolean " + strconv.FormatBool(x)
	case float64, json.Number, int64:
		return fmt.Sprintf("the number %v", x)
	case map[string]any:
		return "a JSON object"
	case []any:
		return "a JSON array"
	}
	return fmt.Sprintf("%v", v)
}

func subNames(a *Attribute) string {
	var names []string
	for _, s := range a.SubAttributes {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}

func quoteList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

// unassigned reports whether v is null or [], which RFC 7643 §2.5 treats
// as no value.
func unassigned(v any) bool {
	l, isList := v.([]any)
	return v == nil || isList && len(l) == 0
}
