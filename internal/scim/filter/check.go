package filter

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// checker turns a parse tree (tree.go) into a checked Expr: attributes
// resolved against the resource type, values given their attribute's Go
// type, operators allowed for the attribute's type.
type checker struct {
	rt *schema.ResourceType
	w  what
}

// expr converts n. vp is the bracketed attribute when n is a value
// filter. Left is converted before right, so that the first problem in
// the text is the one reported.
func (c *checker) expr(n node, vp *schema.Ref) (Expr, error) {
	switch x := n.(type) {
	case andNode:
		l, r, err := c.pair(x.left, x.right, vp)
		if err != nil {
			return nil, err
		}
		return And{l, r}, nil
	case orNode:
		l, r, err := c.pair(x.left, x.right, vp)
		if err != nil {
			return nil, err
		}
		return Or{l, r}, nil
	case notNode:
		y, err := c.expr(x.x, vp)
		if err != nil {
			return nil, err
		}
		return Not{y}, nil
	case groupNode:
		return c.expr(x.x, vp)
	case attrExpNode:
		ref, err := c.resolve(x.path, vp)
		if err != nil {
			return nil, err
		}
		return c.compare(ref, x.op, x.value)
	case valuePathNode:
		if vp != nil {
			return nil, c.w.errorf("invalid %s: brackets cannot be nested", c.w.noun)
		}
		ref, err := c.valuePathAttr(x.path)
		if err != nil {
			return nil, err
		}
		f, err := c.expr(x.filter, &ref)
		if err != nil {
			return nil, err
		}
		return ValuePath{Attr: ref, Filter: f}, nil
	}
	return nil, c.w.errorf("invalid %s: unsupported expression %T", c.w.noun, n)
}

// pair converts the operands of "and" and "or".
func (c *checker) pair(left, right node, vp *schema.Ref) (Expr, Expr, error) {
	l, err := c.expr(left, vp)
	if err != nil {
		return nil, nil, err
	}
	r, err := c.expr(right, vp)
	if err != nil {
		return nil, nil, err
	}
	return l, r, nil
}

// splitPath splits an attribute path as written, [URI ":"] name ["."
// sub], into the part before the last ":" ("" when none) and the rest.
// The grammar (validPath) allows "." in the URI ("2.0") but not in the
// rest beyond the one before sub.
func splitPath(path string) (uri, rest string) {
	if i := strings.LastIndexByte(path, ':'); i >= 0 {
		return path[:i], path[i+1:]
	}
	return "", path
}

// valuePathAttr resolves the attribute in front of "[": it must be a
// multi-valued complex attribute. RFC 7644 would also allow a value filter
// on a single-valued complex attribute, but a plain sub-attribute
// comparison (name.givenName eq "x") says the same, and keeping value paths
// to lists keeps their meaning ("one of the values matches") simple for the
// store and PATCH.
func (c *checker) valuePathAttr(p string) (schema.Ref, error) {
	if _, rest := splitPath(p); strings.Contains(rest, ".") {
		return schema.Ref{}, c.w.errorf("invalid %s: %q: brackets go right after the multi-valued attribute, e.g. emails[type eq \"work\"].value", c.w.noun, p)
	}
	ref, err := c.resolve(p, nil)
	if err != nil {
		return schema.Ref{}, err
	}
	if ref.Attr.Type != schema.Complex || !ref.Attr.MultiValued {
		return schema.Ref{}, c.w.errorf("invalid %s: %s[…]: a value filter in brackets applies only to multi-valued complex attributes such as emails; %s is %s", c.w.noun, ref, ref, describeAttr(ref.Attr))
	}
	return ref, nil
}

// resolve finds the attribute a path (as written) names. Inside brackets
// (vp != nil) a path is a sub-attribute of the bracketed attribute.
func (c *checker) resolve(full string, vp *schema.Ref) (schema.Ref, error) {
	if vp != nil {
		if strings.ContainsAny(full, ":.") {
			return schema.Ref{}, c.w.errorf("invalid %s: inside %s[…] name a sub-attribute of %s (%s), not %q", c.w.noun, vp, vp, subList(vp.Attr), full)
		}
		sub := vp.Attr.Sub(full)
		if sub == nil {
			return schema.Ref{}, c.unknown(&schema.UnknownAttributeError{Path: vp.String() + "." + full, Known: subPaths(vp.Attr)})
		}
		ref := *vp
		ref.Sub = sub
		return ref, nil
	}
	ref, s, err := resolvePath(c.rt, full)
	if err != nil {
		return schema.Ref{}, c.unknownOr(err)
	}
	if ref.Attr == nil {
		return schema.Ref{}, c.w.errorf("invalid %s: %q names the schema %s but no attribute of it; write %s:attributeName", c.w.noun, full, s.ID, s.ID)
	}
	return ref, nil
}

// resolvePath resolves "[urn:]name[.sub]". A URN alone resolves to its
// schema with an empty Ref. URNs are matched as known prefixes
// (rt.SplitURN): the "." in "2.0" is part of the URN, and the grammar's
// split of a URN alone ("…:2.0" + "User") is wrong.
func resolvePath(rt *schema.ResourceType, full string) (schema.Ref, *schema.Schema, error) {
	if s, rest, ok := rt.SplitURN(full); ok {
		if rest == "" {
			return schema.Ref{}, s, nil
		}
		name, sub, _ := strings.Cut(rest, ".")
		ref, err := rt.Resolve(s.ID, name, sub)
		return ref, s, err
	}
	if i := strings.LastIndexByte(full, ':'); i >= 0 {
		// An unknown schema: Resolve lists the known URNs.
		name, sub, _ := strings.Cut(full[i+1:], ".")
		ref, err := rt.Resolve(full[:i], name, sub)
		return ref, nil, err
	}
	name, sub, _ := strings.Cut(full, ".")
	ref, err := rt.Resolve("", name, sub)
	if err != nil {
		if urns := ambiguous(rt, name); len(urns) > 1 {
			return schema.Ref{}, nil, &ambiguousError{name: name, urns: urns}
		}
	}
	return ref, nil, err
}

// ambiguousError: an unprefixed name found in more than one extension
// (the enterprise "department" and a company "department").
type ambiguousError struct {
	name string
	urns []string
}

func (e *ambiguousError) Error() string {
	var opts []string
	for _, u := range e.urns {
		opts = append(opts, u+":"+e.name)
	}
	return fmt.Sprintf("%q is an attribute of several schemas; prefix it with the schema URN: %s", e.name, strings.Join(opts, " or "))
}

func ambiguous(rt *schema.ResourceType, name string) []string {
	var urns []string
	for _, s := range rt.Extensions {
		if s.Attr(name) != nil {
			urns = append(urns, s.ID)
		}
	}
	return urns
}

// unknown wraps an UnknownAttributeError so that callers can find it with
// errors.As (PATCH ignores attributes roster does not store).
func (c *checker) unknown(u *schema.UnknownAttributeError) *scim.Error {
	e := c.w.errorf("invalid %s: %s", c.w.noun, u.Error())
	e.Err = u
	return e
}

func (c *checker) unknownOr(err error) *scim.Error {
	var u *schema.UnknownAttributeError
	if errors.As(err, &u) {
		return c.unknown(u)
	}
	return c.w.errorf("invalid %s: %s", c.w.noun, err.Error())
}

// compare checks one comparison and types its value.
func (c *checker) compare(ref schema.Ref, op Op, raw any) (Expr, error) {
	t := ref.Target()
	if t.Type == schema.Complex {
		// RFC 7644 §3.4.2.2: "emails co x" compares the "value"
		// sub-attribute. The same holds for a single-valued complex
		// attribute with a value (manager eq "id").
		if v := t.Sub("value"); v != nil {
			ref.Sub = v
			t = v
		} else if op == Pr || (raw == nil && (op == Eq || op == Ne)) {
			return Compare{Attr: ref, Op: op}, nil
		} else {
			return nil, c.w.errorf("invalid %s: %s is a complex attribute and has no value of its own; compare one of its sub-attributes: %s", c.w.noun, ref, strings.Join(subPaths(ref.Attr), ", "))
		}
	}
	if op == Pr {
		return Compare{Attr: ref, Op: Pr}, nil
	}
	if raw == nil {
		if op != Eq && op != Ne {
			return nil, c.w.errorf("invalid %s: %s %s null: null can only be used with eq (no value) or ne (has a value)", c.w.noun, ref, op)
		}
		return Compare{Attr: ref, Op: op}, nil
	}
	switch op {
	case Gt, Ge, Lt, Le:
		if t.Type == schema.Boolean || t.Type == schema.Binary {
			return nil, c.w.errorf("invalid %s: %s %s: %s is %s and cannot be ordered; use eq or ne", c.w.noun, ref, op, ref, describeAttr(t))
		}
	case Co, Sw, Ew:
		if (t.Type != schema.String && t.Type != schema.Reference) || t.Format == "date" {
			return nil, c.w.errorf("invalid %s: %s %s: co, sw and ew compare text, and %s is %s; use eq, ne, gt, ge, lt or le", c.w.noun, ref, op, ref, describeAttr(t))
		}
	}
	v, err := c.value(ref, t, op, raw)
	if err != nil {
		return nil, err
	}
	return Compare{Attr: ref, Op: op, Value: v}, nil
}

// value gives raw (the decoded string, bool or json.Number) the Go type
// of attribute t (see Compare).
func (c *checker) value(ref schema.Ref, t *schema.Attribute, op Op, raw any) (any, error) {
	str, isStr := raw.(string)
	// No stored value holds U+0000 (schema.NormalizeSimple refuses it),
	// PostgreSQL refuses it in a parameter and SQLite cuts a LIKE pattern
	// at it, matching everything for co "\u0000…".
	if isStr && strings.ContainsRune(str, 0) {
		return nil, c.w.errorf("invalid %s: the value for %s holds a NUL character (U+0000), which no value in roster holds; remove it", c.w.noun, ref)
	}
	bad := func(want string) error {
		return c.w.errorf("invalid %s: %s %s needs %s; got %s", c.w.noun, ref, op, want, describeValue(raw, str))
	}
	switch t.Type {
	case schema.Boolean:
		switch {
		case isStr && strings.EqualFold(strings.TrimSpace(str), "true"):
			return true, nil
		case isStr && strings.EqualFold(strings.TrimSpace(str), "false"):
			return false, nil
		}
		if b, ok := raw.(bool); ok {
			return b, nil
		}
		return nil, bad("true or false")
	case schema.Integer:
		n, ok := raw.(json.Number)
		if !ok {
			return nil, bad("a whole number such as 42")
		}
		i, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil {
			return nil, bad("a whole number such as 42 (no decimals, within 64 bits)")
		}
		return i, nil
	case schema.Decimal:
		n, ok := raw.(json.Number)
		if !ok {
			return nil, bad("a number such as 1.5")
		}
		f, err := strconv.ParseFloat(n.String(), 64)
		if err != nil || math.IsInf(f, 0) {
			return nil, bad("a number within the range of a 64-bit float")
		}
		return f, nil
	case schema.DateTime:
		if !isStr {
			return nil, bad(`a date-time string such as "2024-01-31T09:00:00Z"`)
		}
		tm, err := schema.ParseDateTime(str)
		if err != nil {
			return nil, bad(`an ISO 8601 date-time such as "2024-01-31T09:00:00Z"`)
		}
		return tm.UTC(), nil
	}
	// string, reference, binary
	if !isStr {
		return nil, bad(fmt.Sprintf(`a "double-quoted string" (%s is %s)`, ref, describeAttr(t)))
	}
	if t.Format == "date" {
		d, err := schema.ParseDate(str)
		if err != nil {
			return nil, bad(`an ISO 8601 date such as "2021-03-01"`)
		}
		return d, nil
	}
	return str, nil
}

func describeValue(raw any, str string) string {
	switch x := raw.(type) {
	case string:
		return strconv.Quote(str)
	case bool:
		return "the boolean " + strconv.FormatBool(x)
	case json.Number:
		return "the number " + x.String()
	}
	return fmt.Sprint(raw)
}

func describeAttr(a *schema.Attribute) string {
	kind := string(a.Type)
	if a.Type == schema.String && a.Format == "date" {
		kind = "date"
	}
	if a.MultiValued {
		kind = "multi-valued " + kind
	}
	if strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind + " attribute"
	}
	return "a " + kind + " attribute"
}

func subPaths(a *schema.Attribute) []string {
	var out []string
	for _, s := range a.SubAttributes {
		out = append(out, a.Name+"."+s.Name)
	}
	return out
}

func subList(a *schema.Attribute) string {
	var out []string
	for _, s := range a.SubAttributes {
		out = append(out, s.Name)
	}
	return strings.Join(out, ", ")
}
