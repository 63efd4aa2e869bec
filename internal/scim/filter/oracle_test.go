package filter

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"testing"

	fp "github.com/scim2/filter-parser/v2"
)

// github.com/scim2/filter-parser/v2 parsed every filter and path in
// production until roster's own grammar built the tree itself. It stays
// as the oracle: for every input our grammar accepts, the tree written
// back as canonical text and read by filter-parser must be our tree —
// same shape (precedence, associativity), operators, attribute paths as
// written and values. agreeFilter and agreePath run in
// TestGrammarAgreesWithFilterParser and in the fuzz targets.

// placeholder stands in the text given to filter-parser for the inside of
// a value path's brackets: filter-parser only accepts "a", "a and b" or
// "a or b" there, while RFC 7644's valFilter is any filter (and Entra's
// form has three terms or more). Each inside is read on its own, and value
// paths are matched to them in order of appearance.
const placeholder = "x pr"

// writeTree writes n as canonical text: single spaces, lower-case
// keywords and operators, the client's parentheses, strings re-quoted,
// value-path insides replaced by placeholder and appended to inner.
func writeTree(n node, inner *[]node) string {
	switch x := n.(type) {
	case andNode:
		return writeTree(x.left, inner) + " and " + writeTree(x.right, inner)
	case orNode:
		return writeTree(x.left, inner) + " or " + writeTree(x.right, inner)
	case notNode:
		return "not (" + writeTree(x.x, inner) + ")"
	case groupNode:
		return "(" + writeTree(x.x, inner) + ")"
	case attrExpNode:
		s := x.path + " " + string(x.op)
		switch v := x.value.(type) {
		case nil:
			if x.op != Pr {
				s += " null"
			}
		case bool:
			s += " " + strconv.FormatBool(v)
		case json.Number:
			s += " " + string(v)
		case string:
			s += " " + quote(v)
		default:
			s += fmt.Sprintf(" ?%T", v)
		}
		return s
	case valuePathNode:
		*inner = append(*inner, x.filter)
		return x.path + "[" + placeholder + "]"
	}
	return fmt.Sprintf("?%T", n)
}

// ungroup drops the parentheses, of which filter-parser's tree keeps no
// trace.
func ungroup(n node) node {
	switch x := n.(type) {
	case andNode:
		return andNode{ungroup(x.left), ungroup(x.right)}
	case orNode:
		return orNode{ungroup(x.left), ungroup(x.right)}
	case notNode:
		return notNode{ungroup(x.x)}
	case groupNode:
		return ungroup(x.x)
	case valuePathNode:
		return valuePathNode{x.path, ungroup(x.filter)}
	}
	return n
}

// fpReader converts filter-parser's tree into ours, giving value paths
// the insides read on their own.
type fpReader struct {
	insides []node
	next    int
}

func (r *fpReader) node(e fp.Expression) (node, error) {
	switch x := e.(type) {
	case *fp.LogicalExpression:
		l, err := r.node(x.Left)
		if err != nil {
			return nil, err
		}
		rt, err := r.node(x.Right)
		if err != nil {
			return nil, err
		}
		if x.Operator == fp.OR {
			return orNode{l, rt}, nil
		}
		return andNode{l, rt}, nil
	case *fp.NotExpression:
		y, err := r.node(x.Expression)
		if err != nil {
			return nil, err
		}
		return notNode{y}, nil
	case *fp.AttributeExpression:
		v := x.CompareValue
		if raw, ok := v.(string); ok {
			// filter-parser keeps escapes as written.
			if v, ok = unescape(raw); !ok {
				return nil, fmt.Errorf("bad escape in %q", raw)
			}
		}
		return attrExpNode{path: x.AttributePath.String(), op: Op(x.Operator), value: v}, nil
	case *fp.ValuePath:
		if r.next >= len(r.insides) {
			return nil, fmt.Errorf("more value paths than insides")
		}
		r.next++
		return valuePathNode{path: x.AttributePath.String(), filter: r.insides[r.next-1]}, nil
	}
	return nil, fmt.Errorf("unexpected %T", e)
}

// unescape decodes the inside of a string literal as written.
func unescape(raw string) (string, bool) {
	v, n, err := lexString(`"`+raw+`"`, 0)
	if err != nil || n != len(raw)+2 {
		return "", false
	}
	return v, true
}

// readInside reads the inside of a value path with filter-parser.
func readInside(in node) (node, error) {
	var nested []node
	t := writeTree(in, &nested)
	if len(nested) > 0 {
		return nil, fmt.Errorf("brackets nested in %q", t)
	}
	e, err := fp.ParseFilterNumber([]byte(t))
	if err != nil {
		return nil, fmt.Errorf("inside [%s]: %w", t, err)
	}
	n, err := (&fpReader{}).node(e)
	if err != nil {
		return nil, fmt.Errorf("inside [%s]: %w", t, err)
	}
	return n, nil
}

// readFP reads text, in which value-path insides are placeholders, and
// the insides, with filter-parser.
func readFP(text string, inner []node) (node, error) {
	r := &fpReader{}
	for _, in := range inner {
		n, err := readInside(in)
		if err != nil {
			return nil, err
		}
		r.insides = append(r.insides, n)
	}
	e, err := fp.ParseFilterNumber([]byte(text))
	if err != nil {
		return nil, err
	}
	n, err := r.node(e)
	if err == nil && r.next != len(r.insides) {
		err = fmt.Errorf("%d value paths for %d insides", r.next, len(r.insides))
	}
	return n, err
}

// agreeFilter checks that filter-parser reads a filter our grammar
// accepts as we do.
func agreeFilter(t testing.TB, in string) {
	t.Helper()
	src, err := prepare(in, inFilter)
	if err != nil {
		return
	}
	tree, serr := parseTree(src)
	if serr != nil {
		return
	}
	var inner []node
	text := writeTree(tree, &inner)
	got, err := readFP(text, inner)
	if err != nil {
		t.Errorf("filter %q: filter-parser refuses %q, which our grammar accepts: %v", in, text, err)
		return
	}
	if want := ungroup(tree); !reflect.DeepEqual(got, want) {
		t.Errorf("filter %q (%q):\nfilter-parser reads %#v\n          we read %#v", in, text, got, want)
	}
}

// agreePath checks that filter-parser reads a PATCH path our grammar
// accepts as we do.
func agreePath(t testing.TB, in string) {
	t.Helper()
	src, err := prepare(in, inPath)
	if err != nil {
		return
	}
	tree, serr := pathSyntax(src)
	if serr != nil {
		return
	}
	text, want := tree.attr, pathTree{attr: tree.attr, sub: tree.sub}
	if tree.filter != nil {
		text += "[" + placeholder + "]"
		want.filter = ungroup(tree.filter)
		if tree.sub != "" {
			text += "." + tree.sub
		}
	}
	p, err := fp.ParsePathNumber([]byte(text))
	if err != nil {
		t.Errorf("path %q: filter-parser refuses %q, which our grammar accepts: %v", in, text, err)
		return
	}
	got := pathTree{attr: p.AttributePath.String()}
	if p.SubAttribute != nil {
		got.sub = *p.SubAttribute
	}
	if p.ValueExpression != nil {
		if got.filter, err = readInside(tree.filter); err != nil {
			t.Errorf("path %q: filter-parser refuses the value filter: %v", in, err)
			return
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("path %q (%q):\nfilter-parser reads %#v\n          we read %#v", in, text, got, want)
	}
}
