package filter_test

import (
	"strings"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// renderPath prints a Path as schema=…, attr=…, filter=…, sub=….
func renderPath(p filter.Path) string {
	var parts []string
	if p.Schema != nil {
		parts = append(parts, "schema="+strings.NewReplacer(schema.EnterpriseURN, "ent", schema.CompanyURN, "co").Replace(p.Schema.ID))
	}
	if p.Attr.Attr != nil {
		parts = append(parts, "attr="+ref(p.Attr))
	}
	if p.Filter != nil {
		parts = append(parts, "filter="+render(p.Filter))
	}
	if p.Sub != nil {
		parts = append(parts, "sub="+p.Sub.Name)
	}
	return strings.Join(parts, " ")
}

func TestParsePath(t *testing.T) {
	rt := userType()
	tests := []struct{ name, in, want string }{
		{"Attribute", `userName`, `attr=userName`},
		{"SubAttribute", `name.givenName`, `attr=name.givenName`},
		{"CaseInsensitive", `NAME.GIVENNAME`, `attr=name.givenName`},
		{"MultiValuedSub", `emails.value`, `attr=emails.value`},
		{"Common", `externalId`, `attr=common:externalId`},
		{"ValuePath", `emails[type eq "work"]`, `attr=emails filter=emails.type eq "work"`},
		{"ValuePathSub", `emails[type eq "work"].value`, `attr=emails filter=emails.type eq "work" sub=value`},
		{"ValuePathCaseInsensitive", `Emails[Type EQ "work"].Value`, `attr=emails filter=emails.type eq "work" sub=value`},
		{"ValuePathTyped", `emails[type eq "work" and primary eq "True"]`, `attr=emails filter=(emails.type eq "work" and emails.primary eq bool(true))`},
		{"ValuePathFullFilter", `emails[not (type eq "home") and (value ew "@x.com" or primary eq true)]`, `attr=emails filter=(not(emails.type eq "home") and (emails.value ew "@x.com" or emails.primary eq bool(true)))`},
		{"ValuePathEscapes", `emails[value eq "a\"b@x.com"]`, `attr=emails filter=emails.value eq "a\"b@x.com"`},
		{"EnterpriseAttribute", entURN + `:employeeNumber`, `attr=ent:employeeNumber`},
		{"EnterpriseManager", entURN + `:manager`, `attr=ent:manager`},
		{"EnterpriseManagerValue", entURN + `:manager.value`, `attr=ent:manager.value`},
		{"EnterpriseAlone", entURN, `schema=ent`},
		{"CompanyAlone", coURN, `schema=co`},
		{"CoreAlone", coreURN, `schema=` + coreURN},
		{"CoreURNSub", coreURN + `:name.givenName`, `attr=name.givenName`},
		{"CoreURNCommon", coreURN + `:externalId`, `attr=common:externalId`},
		{"CompanyAlias", coURN + `:Employed_Since`, `attr=co:Employed since`},
		{"CompanyName", coURN + `:department`, `attr=co:department`},
		{"CompanyURNCaseInsensitive", strings.ToUpper(coURN) + `:DEPARTMENT`, `attr=co:department`},
		{"CompanyNameWithSpace", coURN + `:employed since`, `attr=co:Employed since`},
		{"UnprefixedExtension", `employeeNumber`, `attr=ent:employeeNumber`},
		{"Spaces", `  name.givenName `, `attr=name.givenName`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := filter.ParsePath(rt, tt.in)
			if err != nil {
				t.Fatalf("ParsePath(%q): %v", tt.in, err)
			}
			if got := renderPath(p); got != tt.want {
				t.Errorf("ParsePath(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParsePathRefs(t *testing.T) {
	rt := userType()
	p, err := filter.ParsePath(rt, `emails[type eq "work"].value`)
	if err != nil {
		t.Fatal(err)
	}
	emails := schema.User.Attr("emails")
	if p.Schema != nil || p.Attr.Schema != schema.User || p.Attr.Attr != emails || p.Attr.Sub != nil || p.Sub != emails.Sub("value") {
		t.Errorf("got %+v, want Attr=core emails, Sub=value", p)
	}
	c, ok := p.Filter.(filter.Compare)
	if !ok || c.Attr.Attr != emails || c.Attr.Sub != emails.Sub("type") || c.Value != "work" {
		t.Errorf("Filter = %#v, want emails.type eq work", p.Filter)
	}

	p, err = filter.ParsePath(rt, entURN)
	if err != nil {
		t.Fatal(err)
	}
	if p.Schema != schema.Enterprise || p.Attr.Attr != nil || p.Filter != nil || p.Sub != nil {
		t.Errorf("got %+v, want Schema=enterprise only", p)
	}
}

func TestParsePathErrors(t *testing.T) {
	rt := userType()
	tests := []struct {
		name    string
		in      string
		want    []string
		unknown bool
	}{
		{"Empty", ``, []string{`empty`}, false},
		{"UnknownAttribute", `phoneNumber`, []string{`"phoneNumber" is not an attribute`, `userName`}, true},
		{"UnknownAttributeWithFilter", `phoneNumber[type eq "work"].value`, []string{`"phoneNumber"`}, true},
		{"UnknownSubAttribute", `name.middle`, []string{`"name.middle"`, `name.givenName`}, true},
		{"UnknownSubAfterFilter", `emails[type eq "work"].display`, []string{`"emails.display"`, `emails.value`}, true},
		{"UnknownExtensionAttribute", entURN + `:costCentre`, []string{`costCentre`}, true},
		{"UnknownCompanyAttribute", coURN + `:shoeSize`, []string{`shoeSize`, coURN + `:department`}, true},
		{"UnknownSchema", `urn:example:ext:1.0:User:foo`, []string{`urn:example:ext:1.0:User:foo`, entURN}, true},
		// Inside the filter an unknown sub-attribute is a plain error:
		// ignoring the operation would drop the change silently.
		{"UnknownSubInFilter", `emails[display eq "x"].value`, []string{`"emails.display"`}, false},
		{"Ambiguous", `department`, []string{`several schemas`}, false},
		{"BracketsOnSingleValued", `name[givenName eq "x"]`, []string{`only to multi-valued complex attributes`}, false},
		{"BracketsOnSimple", `userName[value eq "x"]`, []string{`only to multi-valued complex attributes`}, false},
		{"BracketsAfterSub", `emails.value[type eq "work"]`, []string{`brackets go right after`}, false},
		{"UnclosedBracket", `emails[type eq "work"`, []string{`at the end of`, `missing "]"`}, false},
		{"ExtraBracket", `emails]`, []string{`unbalanced "]"`}, false},
		{"TwoFilters", `emails[type eq "work"][primary eq true]`, []string{`at character 23`, `at most one value filter`}, false},
		{"Operator", `emails[type eq "work"] eq "x"`, []string{`takes no operator`}, false},
		{"Filter", `userName eq "x"`, []string{`takes no operator`}, false},
		{"SingleQuotes", `emails[type eq 'work']`, []string{`double quotes`}, false},
		{"BadValueType", `emails[primary eq "maybe"]`, []string{`emails.primary eq needs true or false`}, false},
		{"NULInFilterValue", `emails[value eq "a\u0000b"].type`, []string{`the value for emails.value holds a NUL character`}, false},
		{"NULRawInFilterValue", "emails[type eq \"\x00\"]", []string{`the value for emails.type holds a NUL character`}, false},
		{"OrderBoolean", `emails[primary gt true]`, []string{`cannot be ordered`}, false},
		{"NestedBrackets", `emails[type eq "work" and emails[value pr]]`, []string{`brackets cannot be nested`}, false},
		{"TooManyDots", `name.givenName.x`, []string{`"name.givenName.x" is not a valid attribute path`}, false},
		{"BadSubAfterBracket", `emails[type eq "work"].1x`, []string{`is not a sub-attribute name`}, false},
		{"TrailingColon", entURN + `:`, []string{`ends with ":"`, entURN + `:employeeNumber`}, false},
		{"StartsWithBracket", `[type eq "work"]`, []string{`expected an attribute path`}, false},
		{"TooLong", strings.Repeat("a", filter.MaxLength+1), []string{`at most 4096`}, false},
		{"TooDeep", `emails[` + strings.Repeat("(", 60) + `type pr` + strings.Repeat(")", 60) + `]`, []string{`nested more than 50 levels`}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := filter.ParsePath(rt, tt.in)
			if err == nil {
				t.Fatalf("ParsePath(%q) = %s, want an error", tt.in, renderPath(p))
			}
			wantSCIMError(t, err, scim.InvalidPath, tt.want...)
			if got := isUnknownAttribute(err); got != tt.unknown {
				t.Errorf("wraps UnknownAttributeError = %v, want %v (%v)", got, tt.unknown, err)
			}
		})
	}
}
