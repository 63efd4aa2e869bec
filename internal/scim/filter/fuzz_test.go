package filter

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// This file is in package filter so that the fuzz targets can check our
// parse tree against filter-parser's (oracle_test.go).

func fuzzType() *schema.ResourceType {
	return schema.UserType(&schema.Schema{ID: schema.CompanyURN, Strict: true, Attributes: []*schema.Attribute{
		{Name: "Employed since", Type: schema.String, Format: "date", Aliases: []string{"Employed_Since"}},
		{Name: "department", Type: schema.String},
		{Name: "level", Type: schema.Integer},
		{Name: "fte", Type: schema.Decimal},
		{Name: "remote", Type: schema.Boolean},
		{Name: "skills", Type: schema.String, MultiValued: true},
	}})
}

var fuzzDoc = map[string]any{
	"id": "2819c223", "externalId": "Eqpj", "userName": "Bjensen@Example.com", "active": true,
	"name": map[string]any{"givenName": "Barbara"},
	"emails": []any{
		map[string]any{"value": "bjensen@example.com", "type": "work", "primary": true},
		map[string]any{"value": "babs@jensen.org", "type": "home"},
	},
	"addresses":          []any{map[string]any{"type": "work", "locality": "Aarhus", "country": "DK", "primary": true}},
	"phoneNumbers":       []any{map[string]any{"type": "mobile", "value": "+45 1234", "primary": false}},
	"preferredLanguage":  "da-DK",
	"meta":               map[string]any{"created": "2011-08-01T18:29:49.793Z", "lastModified": "2011-08-01T20:31:02Z"},
	schema.EnterpriseURN: map[string]any{"employeeNumber": "701984", "manager": map[string]any{"value": "26118915"}},
	schema.CompanyURN:    map[string]any{"Employed since": "2020-03-01", "level": int64(3), "fte": 0.8, "skills": []any{"Go"}},
}

var fuzzSeeds = []string{
	`addresses[type eq "work"].locality eq "Aarhus"`,
	`phoneNumbers[type eq "mobile" and value sw "+45"] or addresses pr`,
	`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter co "7" and preferredLanguage eq "da-DK"`,
	`groups pr or not (x509Certificates.value eq "MII")`,
	`userName eq "bjensen"`,
	`UserName Eq "x"`,
	`title pr`,
	`userName ne "x" and not (title pr) or active eq "True"`,
	`title pr or userName eq "x" and displayName pr`,
	`(title pr or userName eq "x") and displayName pr`,
	`emails[type eq "work" and value co "@x"]`,
	`emails[type eq "work"].value eq "a@b.c"`,
	`emails[type eq "work"].value pr`,
	`emails[not (type eq "work") or (primary eq true and value sw "a")]`,
	`emails co "x"`,
	`meta.lastModified gt "2011-05-13T04:42:34Z"`,
	`urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "x"`,
	`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1"`,
	`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "26118915"`,
	`urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed_Since ge "2020-01-01"`,
	`urn:ietf:params:scim:schemas:extension:peakon:2.0:User:level gt -2`,
	`urn:ietf:params:scim:schemas:extension:peakon:2.0:User:fte le 1.5e-1`,
	`urn:ietf:params:scim:schemas:extension:peakon:2.0:User:skills co "go"`,
	`userName eq "a\"b\\c\/d\u00e9\ud83d\ude00\n"`,
	`title eq null`,
	`userName eq 'x'`,
	`userName eq`,
	`userName equals "x"`,
	`(title pr`,
	`title pr)`,
	`emails[type eq "work"`,
	`title pr "x"`,
	`not title pr`,
	`department eq "x"`,
	`name eq "x"`,
	`active gt true`,
	`emails[type eq "work"][primary eq true]`,
	`emails[type eq "work" and emails[value pr]]`,
	"userName eq \"\xff\"",
	`userName eq "\u00g0"`,
	`userName co "\u0000x"`,
	"userName sw \"\x00\" or emails[value ew \"a\x00\"]",
	"user\x00Name pr",
	"",
	strings.Repeat("(", 60) + "title pr" + strings.Repeat(")", 60),
}

var pathSeeds = []string{
	`addresses[type eq "work"].locality`,
	`phoneNumbers[type eq "mobile"].value`,
	`name.honorificPrefix`,
	`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division`,
	`name.givenName`,
	`emails[type eq "work"].value`,
	`emails[type eq "work"]`,
	`EMAILS[TYPE EQ "work" and primary eq "True"].VALUE`,
	`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`,
	`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`,
	`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`,
	`urn:ietf:params:scim:schemas:core:2.0:User:name.givenName`,
	`urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed_Since`,
	`urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed since`,
	`phoneNumbers[type eq "work"].value`,
	`emails[type eq "work"].display`,
	`name[givenName eq "x"]`,
	`emails[type eq "work"] eq "x"`,
	`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:`,
	`name.givenName.x`,
	`emails[value eq "a\"]b"].value`,
	`emails[value eq "a\u0000b"]`,
	"emails[type eq \"\x00\"].value",
	``,
}

// checkError is the error half of the fuzz property.
func checkError(t *testing.T, in string, err error, st scim.ScimType) {
	e, ok := scim.AsError(err)
	if !ok {
		t.Fatalf("%q: error %T %v is not a *scim.Error", in, err, err)
	}
	if e.Status != 400 || e.ScimType != st || strings.TrimSpace(e.Detail) == "" {
		t.Fatalf("%q: got %d %q %q", in, e.Status, e.ScimType, e.Detail)
	}
}

// checkExpr checks that every node of e is resolved and typed; vp is the
// bracketed attribute inside a value filter.
func checkExpr(t *testing.T, in string, e Expr, vp *schema.Ref) {
	switch x := e.(type) {
	case And:
		checkExpr(t, in, x.Left, vp)
		checkExpr(t, in, x.Right, vp)
	case Or:
		checkExpr(t, in, x.Left, vp)
		checkExpr(t, in, x.Right, vp)
	case Not:
		checkExpr(t, in, x.X, vp)
	case ValuePath:
		if vp != nil {
			t.Fatalf("%q: nested value path", in)
		}
		if a := x.Attr.Attr; a == nil || x.Attr.Sub != nil || !a.MultiValued || a.Type != schema.Complex {
			t.Fatalf("%q: value path on %+v", in, x.Attr)
		}
		checkExpr(t, in, x.Filter, &x.Attr)
	case Compare:
		if x.Attr.Attr == nil {
			t.Fatalf("%q: unresolved attribute in %+v", in, x)
		}
		if vp != nil && (x.Attr.Attr != vp.Attr || x.Attr.Schema != vp.Schema || x.Attr.Sub == nil) {
			t.Fatalf("%q: value filter compares %v, not a sub-attribute of %v", in, x.Attr, vp)
		}
		if x.Attr.Sub != nil && x.Attr.Attr.Sub(x.Attr.Sub.Name) != x.Attr.Sub {
			t.Fatalf("%q: %v is not a sub-attribute of %v", in, x.Attr.Sub.Name, x.Attr.Attr.Name)
		}
		checkValue(t, in, x)
	default:
		t.Fatalf("%q: unexpected node %T", in, e)
	}
}

func checkValue(t *testing.T, in string, c Compare) {
	switch c.Op {
	case Eq, Ne, Co, Sw, Ew, Gt, Ge, Lt, Le:
	case Pr:
		if c.Value != nil {
			t.Fatalf("%q: pr with value %#v", in, c.Value)
		}
		return
	default:
		t.Fatalf("%q: operator %q", in, c.Op)
	}
	if c.Value == nil {
		if c.Op != Eq && c.Op != Ne {
			t.Fatalf("%q: null with %s", in, c.Op)
		}
		return
	}
	a := c.Attr.Target()
	var ok bool
	switch a.Type {
	case schema.Boolean:
		_, ok = c.Value.(bool)
	case schema.Integer:
		_, ok = c.Value.(int64)
	case schema.Decimal:
		_, ok = c.Value.(float64)
	case schema.DateTime:
		var tm time.Time
		tm, ok = c.Value.(time.Time)
		ok = ok && tm.Location() == time.UTC
	case schema.String, schema.Reference, schema.Binary:
		var s string
		s, ok = c.Value.(string)
		ok = ok && !strings.ContainsRune(s, 0) // no stored value holds one
		if ok && a.Format == "date" {
			_, err := time.Parse("2006-01-02", s)
			ok = err == nil
		}
	}
	if !ok {
		t.Fatalf("%q: %s value %#v for a %s attribute", in, c.Op, c.Value, a.Type)
	}
}

// format writes a checked Expr back as filter text, for round trips.
func format(e Expr) string { return formatExpr(e, false) }

// formatExpr writes e; inPath when e is the value filter of a value path,
// whose compares name only their sub-attribute.
func formatExpr(e Expr, inPath bool) string {
	switch x := e.(type) {
	case And:
		return "(" + formatExpr(x.Left, inPath) + " and " + formatExpr(x.Right, inPath) + ")"
	case Or:
		return "(" + formatExpr(x.Left, inPath) + " or " + formatExpr(x.Right, inPath) + ")"
	case Not:
		return "not (" + formatExpr(x.X, inPath) + ")"
	case ValuePath:
		return refText(x.Attr) + "[" + formatExpr(x.Filter, true) + "]"
	case Compare:
		if inPath {
			return x.Attr.Sub.Name + " " + string(x.Op) + valueText(x)
		}
		return refText(x.Attr) + " " + string(x.Op) + valueText(x)
	}
	return "?"
}

// refText spells a Ref as a filter's attribute path, with an alias when
// the name cannot be written (a company attribute name with a space).
func refText(r schema.Ref) string {
	name := func(a *schema.Attribute) string {
		if validName(a.Name) || len(a.Aliases) == 0 {
			return a.Name
		}
		return a.Aliases[0]
	}
	s := name(r.Attr)
	if r.Schema != nil {
		s = r.Schema.ID + ":" + s
	}
	if r.Sub != nil {
		s += "." + name(r.Sub)
	}
	return s
}

func valueText(c Compare) string {
	switch v := c.Value.(type) {
	case nil:
		if c.Op == Pr {
			return ""
		}
		return " null"
	case string:
		return " " + quote(v)
	case bool:
		return " " + strconv.FormatBool(v)
	case int64:
		return " " + strconv.FormatInt(v, 10)
	case float64:
		return " " + strconv.FormatFloat(v, 'g', -1, 64)
	case time.Time:
		return " " + quote(v.Format(time.RFC3339Nano))
	}
	return " ?"
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	rt := fuzzType()
	f.Fuzz(func(t *testing.T, in string) {
		agreeFilter(t, in)
		e, err := Parse(rt, in)
		if err != nil {
			if e != nil {
				t.Fatalf("%q: both an Expr and an error", in)
			}
			checkError(t, in, err, scim.InvalidFilter)
			return
		}
		if e == nil {
			t.Fatalf("%q: nil Expr without error", in)
		}
		checkExpr(t, in, e, nil)
		if Match(e, fuzzDoc) == Match(Not{e}, fuzzDoc) {
			t.Fatalf("%q: e and not (e) agree", in)
		}
		// Writing the checked filter back out and parsing it again gives
		// the same filter: values survive unescaping and typing.
		text := format(e)
		e2, err := Parse(rt, text)
		if err != nil {
			if strings.Contains(err.Error(), "comparisons") || strings.Contains(err.Error(), "nested") || strings.Contains(err.Error(), "bytes long") {
				return // the fully parenthesised form can exceed the limits
			}
			t.Fatalf("%q: round trip %q: %v", in, text, err)
		}
		if !reflect.DeepEqual(e, e2) {
			t.Fatalf("%q: round trip %q changed the filter", in, text)
		}
	})
}

func FuzzParsePath(f *testing.F) {
	for _, s := range pathSeeds {
		f.Add(s)
	}
	rt := fuzzType()
	work := map[string]any{"value": "bjensen@example.com", "type": "work", "primary": true}
	f.Fuzz(func(t *testing.T, in string) {
		agreePath(t, in)
		p, err := ParsePath(rt, in)
		if err != nil {
			checkError(t, in, err, scim.InvalidPath)
			return
		}
		if (p.Schema == nil) == (p.Attr.Attr == nil) {
			t.Fatalf("%q: want exactly one of Schema and Attr: %+v", in, p)
		}
		if p.Schema != nil && (p.Filter != nil || p.Sub != nil) {
			t.Fatalf("%q: schema path with filter or sub: %+v", in, p)
		}
		if p.Filter != nil {
			a := p.Attr.Attr
			if !a.MultiValued || a.Type != schema.Complex || p.Attr.Sub != nil {
				t.Fatalf("%q: filter on %+v", in, p.Attr)
			}
			checkExpr(t, in, p.Filter, &p.Attr)
			_ = MatchValue(p.Filter, work)
		}
		if p.Sub != nil && (p.Filter == nil || p.Attr.Attr.Sub(p.Sub.Name) != p.Sub) {
			t.Fatalf("%q: Sub %v without filter or not of %v", in, p.Sub.Name, p.Attr.Attr.Name)
		}
		if p.Attr.Sub != nil && p.Attr.Attr.Sub(p.Attr.Sub.Name) != p.Attr.Sub {
			t.Fatalf("%q: %v is not a sub-attribute of %v", in, p.Attr.Sub.Name, p.Attr.Attr.Name)
		}
	})
}
