package filter_test

import (
	"strings"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

const (
	coreURN = "urn:ietf:params:scim:schemas:core:2.0:User"
	entURN  = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	coURN   = "urn:ietf:params:scim:schemas:extension:peakon:2.0:User"
)

func TestParse(t *testing.T) {
	rt := userType()
	tests := []struct{ name, in, want string }{
		// Operators (RFC 7644 §3.4.2.2, Table 3).
		{"Eq", `userName eq "bjensen"`, `userName eq "bjensen"`},
		{"Ne", `userName ne "bjensen"`, `userName ne "bjensen"`},
		{"Co", `userName co "jen"`, `userName co "jen"`},
		{"Sw", `userName sw "bj"`, `userName sw "bj"`},
		{"Ew", `userName ew "sen"`, `userName ew "sen"`},
		{"Pr", `title pr`, `title pr`},
		{"Gt", `meta.lastModified gt "2011-05-13T04:42:34Z"`, `common:meta.lastModified gt time(2011-05-13T04:42:34Z)`},
		{"Ge", `meta.created ge "2011-05-13T06:42:34+02:00"`, `common:meta.created ge time(2011-05-13T04:42:34Z)`},
		{"Lt", `userName lt "m"`, `userName lt "m"`},
		{"Le", `urn:ietf:params:scim:schemas:extension:peakon:2.0:User:level le 3`, `co:level le int64(3)`},
		{"PrOnMultiValuedComplex", `emails pr`, `emails.value pr`},
		{"PrOnComplexWithoutValue", `name pr`, `name pr`},
		{"EqNull", `title eq null`, `title eq null`},
		{"NeNull", `title ne NULL`, `title ne null`},

		// Case-insensitive names and operators.
		{"CaseInsensitive", `UserName Eq "X"`, `userName eq "X"`},
		{"UpperCaseAll", `USERNAME EQ "x" AND NOT (TITLE PR)`, `(userName eq "x" and not(title pr))`},

		// Logical operators, grouping and precedence: not > and > or.
		{"And", `title pr and userName eq "x"`, `(title pr and userName eq "x")`},
		{"Or", `title pr or userName eq "x"`, `(title pr or userName eq "x")`},
		{"Not", `not (title pr)`, `not(title pr)`},
		{"NotNoSpace", `not(title pr)`, `not(title pr)`},
		{"AndBindsTighterRight", `title pr or userName eq "x" and displayName pr`, `(title pr or (userName eq "x" and displayName pr))`},
		{"AndBindsTighterLeft", `title pr and userName eq "x" or displayName pr`, `((title pr and userName eq "x") or displayName pr)`},
		{"Parentheses", `(title pr or userName eq "x") and displayName pr`, `((title pr or userName eq "x") and displayName pr)`},
		{"NotBindsTightest", `not (title pr) and active eq true`, `(not(title pr) and active eq bool(true))`},
		{"LeftAssociative", `title pr or locale pr or timezone pr`, `((title pr or locale pr) or timezone pr)`},
		{"RedundantParentheses", `((title pr))`, `title pr`},

		// Sub-attributes, value paths and the "value" default.
		{"SubAttribute", `name.givenName eq "Barbara"`, `name.givenName eq "Barbara"`},
		{"MultiValuedSubAttribute", `emails.value eq "a@b.c"`, `emails.value eq "a@b.c"`},
		{"MultiValuedComplexMeansValue", `emails co "@example.com"`, `emails.value co "@example.com"`},
		{"ValuePath", `emails[type eq "work"]`, `emails[emails.type eq "work"]`},
		{"ValuePathAnd", `emails[type eq "work" and value co "@x"]`, `emails[(emails.type eq "work" and emails.value co "@x")]`},
		{"ValuePathThreeTerms", `emails[type eq "work" and value co "@x" and primary eq true]`, `emails[((emails.type eq "work" and emails.value co "@x") and emails.primary eq bool(true))]`},
		{"ValuePathGrouped", `emails[(type eq "work" or type eq "home") and primary eq true]`, `emails[((emails.type eq "work" or emails.type eq "home") and emails.primary eq bool(true))]`},
		{"ValuePathNot", `emails[not (type eq "work")]`, `emails[not(emails.type eq "work")]`},
		{"ValuePathInLogic", `userName sw "a" and emails[type eq "work"] or title pr`, `((userName sw "a" and emails[emails.type eq "work"]) or title pr)`},
		{"ValuePathSpaces", `emails [ type eq "work" ]`, `emails[emails.type eq "work"]`},
		{"TwoValuePaths", `emails[type eq "work"] and emails[type eq "home"]`, `(emails[emails.type eq "work"] and emails[emails.type eq "home"])`},

		// Entra ID's matching attribute (not in the RFC grammar).
		{"EntraValuePathSubAttribute", `emails[type eq "work"].value eq "a@b.c"`, `emails[(emails.type eq "work" and emails.value eq "a@b.c")]`},
		{"EntraValuePathPr", `emails[type eq "work"].value pr`, `emails[(emails.type eq "work" and emails.value pr)]`},
		{"EntraInsideAnd", `emails[type eq "work" or primary eq true].value eq "a@b.c" and active eq true`, `(emails[((emails.type eq "work" or emails.primary eq bool(true)) and emails.value eq "a@b.c")] and active eq bool(true))`},

		// URN-prefixed attributes: the "." in "2.0" separates nothing.
		{"CoreURN", coreURN + `:userName eq "x"`, `userName eq "x"`},
		{"CoreURNSubAttribute", coreURN + `:name.givenName eq "x"`, `name.givenName eq "x"`},
		{"EnterpriseURN", entURN + `:employeeNumber eq "701984"`, `ent:employeeNumber eq "701984"`},
		{"EnterpriseManagerValue", entURN + `:manager.value eq "26118915"`, `ent:manager.value eq "26118915"`},
		{"SingleValuedComplexMeansValue", entURN + `:manager eq "26118915"`, `ent:manager.value eq "26118915"`},
		{"URNCaseInsensitive", strings.ToUpper(entURN) + `:EMPLOYEENUMBER eq "1"`, `ent:employeeNumber eq "1"`},
		{"EnterpriseUnprefixed", `employeeNumber eq "1"`, `ent:employeeNumber eq "1"`},
		{"CompanyAlias", coURN + `:Employed_Since ge "2020-01-01"`, `co:Employed since ge "2020-01-01"`},
		{"CompanyDateNormalised", coURN + `:Employed_Since eq "2020-01-01T10:00:00Z"`, `co:Employed since eq "2020-01-01"`},
		{"CommonAttributes", `id eq "2819c223" or externalId eq "Eqpj"`, `(common:id eq "2819c223" or common:externalId eq "Eqpj")`},

		// Values and their Go types.
		{"EscapedQuote", `userName eq "a\"b"`, `userName eq "a\"b"`},
		{"EscapedBackslash", `userName eq "a\\b\/c"`, `userName eq "a\\b/c"`},
		{"EscapedControls", `userName eq "a\tb\nc\r\b\f"`, `userName eq "a\tb\nc\r\b\f"`},
		{"UnicodeEscapeLower", `userName eq "\u00e9"`, `userName eq "é"`},
		{"UnicodeEscapeUpper", `userName eq "\u00E9"`, `userName eq "é"`},
		{"SurrogatePair", `userName eq "\ud83d\ude00"`, `userName eq "😀"`},
		{"RawUnicode", `userName eq "Jørgen Ærø"`, `userName eq "Jørgen Ærø"`},
		{"KeywordsInString", `userName eq "a and b or not (c) [d]"`, `userName eq "a and b or not (c) [d]"`},
		{"SingleQuoteInString", `userName eq "O'Brien"`, `userName eq "O'Brien"`},
		{"EmptyString", `userName eq ""`, `userName eq ""`},
		{"BooleanTrue", `active eq true`, `active eq bool(true)`},
		{"BooleanFalseUpper", `active eq FALSE`, `active eq bool(false)`},
		{"BooleanString", `active eq "True"`, `active eq bool(true)`},
		{"BooleanStringLower", `active ne "false"`, `active ne bool(false)`},
		{"Integer", coURN + `:level gt -2`, `co:level gt int64(-2)`},
		{"IntegerLarge", coURN + `:level lt 9007199254740993`, `co:level lt int64(9007199254740993)`},
		{"Decimal", coURN + `:fte le 0.5`, `co:fte le float64(0.5)`},
		{"DecimalFromInteger", coURN + `:fte eq 1`, `co:fte eq float64(1)`},
		{"DecimalExponent", coURN + `:fte lt 1e2`, `co:fte lt float64(100)`},
		{"CompanyBoolean", coURN + `:remote eq "TRUE"`, `co:remote eq bool(true)`},
		{"MultiValuedString", coURN + `:skills co "go"`, `co:skills co "go"`},
		{"DateTimeZoneless", `meta.lastModified lt "2011-05-13T04:42:34"`, `common:meta.lastModified lt time(2011-05-13T04:42:34Z)`},

		// Whitespace leniency.
		{"SurroundingSpaces", "  userName eq \"x\"  ", `userName eq "x"`},
		{"ManySpaces", "userName   eq\t\"x\"   and  title pr", `(userName eq "x" and title pr)`},
		{"NoSpaceAfterString", `userName eq "x"and title pr`, `(userName eq "x" and title pr)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := filter.Parse(rt, tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := render(e); got != tt.want {
				t.Errorf("Parse(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestParsePrecedence checks RFC 7644 Table 5 by comparing trees:
// filter-parser had precedence bugs (scim2/filter-parser#18).
func TestParsePrecedence(t *testing.T) {
	rt := userType()
	same := [][2]string{
		{`title pr or locale pr and timezone pr`, `title pr or (locale pr and timezone pr)`},
		{`title pr and locale pr or timezone pr`, `(title pr and locale pr) or timezone pr`},
		{`title pr or locale pr and timezone pr or displayName pr`, `title pr or (locale pr and timezone pr) or displayName pr`},
		{`not (title pr) and locale pr or timezone pr`, `((not (title pr)) and locale pr) or timezone pr`},
		{`title pr and locale pr and timezone pr`, `(title pr and locale pr) and timezone pr`},
		{`emails[type eq "work" or type eq "home" and primary eq true]`, `emails[type eq "work" or (type eq "home" and primary eq true)]`},
	}
	for _, p := range same {
		a, err := filter.Parse(rt, p[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := filter.Parse(rt, p[1])
		if err != nil {
			t.Fatal(err)
		}
		if render(a) != render(b) {
			t.Errorf("%q parsed as %s\n%q parsed as %s", p[0], render(a), p[1], render(b))
		}
	}
	// And the distinct grouping really is distinct.
	a, _ := filter.Parse(rt, `title pr or locale pr and timezone pr`)
	b, _ := filter.Parse(rt, `(title pr or locale pr) and timezone pr`)
	if render(a) == render(b) {
		t.Errorf("grouping ignored: both %s", render(a))
	}
}

func TestParseCompareAttr(t *testing.T) {
	rt := userType()
	e, err := filter.Parse(rt, `emails[type eq "work"]`)
	if err != nil {
		t.Fatal(err)
	}
	vp, ok := e.(filter.ValuePath)
	if !ok {
		t.Fatalf("got %T, want ValuePath", e)
	}
	c, ok := vp.Filter.(filter.Compare)
	if !ok {
		t.Fatalf("filter is %T, want Compare", vp.Filter)
	}
	emails := schema.User.Attr("emails")
	if vp.Attr.Schema != schema.User || vp.Attr.Attr != emails || vp.Attr.Sub != nil {
		t.Errorf("ValuePath.Attr = %+v, want core emails", vp.Attr)
	}
	if c.Attr.Schema != schema.User || c.Attr.Attr != emails || c.Attr.Sub != emails.Sub("type") {
		t.Errorf("Compare.Attr = %+v, want core emails.type", c.Attr)
	}
	if c.Op != filter.Eq || c.Value != "work" {
		t.Errorf("got %s %#v, want eq \"work\"", c.Op, c.Value)
	}

	e, err = filter.Parse(rt, `id eq "x"`)
	if err != nil {
		t.Fatal(err)
	}
	if c := e.(filter.Compare); c.Attr.Schema != nil || c.Attr.Attr != schema.IDAttr {
		t.Errorf("id resolved to %+v, want common id", c.Attr)
	}
}

func TestParseErrors(t *testing.T) {
	rt := userType()
	tests := []struct {
		name    string
		in      string
		want    []string
		unknown bool // wraps *schema.UnknownAttributeError
	}{
		{"Empty", ``, []string{"empty"}, false},
		{"Blank", "  \t ", []string{"empty"}, false},
		{"DanglingAnd", `userName eq "x" and`, []string{`at the end of "userName eq \"x\" and"`, `expected an expression after "and"`}, false},
		{"DanglingNot", `not`, []string{`"not" must be followed by a filter in parentheses`}, false},
		{"NotWithoutParentheses", `not title pr`, []string{`at character 5`, `"not" must be followed by a filter in parentheses`}, false},
		{"DoubleKeyword", `userName eq "x" and or title pr`, []string{`expected an expression after "and", got "or"`}, false},
		{"LeadingAnd", `and title pr`, []string{`at character 1`, `expected an expression, got "and"`}, false},
		{"SingleQuotes", `userName eq 'bjensen'`, []string{`at character 13`, `double quotes`, `"bjensen"`}, false},
		{"SingleQuotesUnclosed", `userName eq 'bjensen`, []string{`double quotes`}, false},
		{"MissingValue", `userName eq`, []string{`at the end of`, `expected a value after userName eq`}, false},
		{"MissingValueBeforeAnd", `userName eq and title pr`, []string{`at character 13`, `expected a value after userName eq`}, false},
		{"UnquotedValue", `userName eq bjensen`, []string{`at character 13`, `expected a value after "eq"`, `got "bjensen"`, `quote strings`}, false},
		{"BadNumber", `urn:ietf:params:scim:schemas:extension:peakon:2.0:User:level eq 01`, []string{`expected a value`}, false},
		{"UnknownOperator", `userName equals "x"`, []string{`at character 10`, `unknown operator "equals"`, `eq, ne, co, sw, ew, pr, gt, ge, lt, le`, `did you mean eq?`}, false},
		{"SymbolOperator", `userName = "x"`, []string{`unknown operator "="`, `did you mean eq?`}, false},
		{"NoSpaces", `userName="x"`, []string{`"userName=" is not a valid attribute path`, `put spaces around the operator`}, false},
		{"MissingOperator", `userName "x"`, []string{`expected an operator`, `after userName`}, false},
		{"OnlyName", `userName`, []string{`at the end of`, `expected an operator`}, false},
		{"UnclosedParenthesis", `(userName eq "x"`, []string{`at the end of`, `missing ")" to close the "(" at character 1`}, false},
		{"UnclosedNot", `title pr and not (userName eq "x"`, []string{`missing ")" to close the "(" at character 18`}, false},
		{"ExtraParenthesis", `userName eq "x")`, []string{`at character 16`, `unbalanced ")"`}, false},
		{"UnclosedBracket", `emails[type eq "work"`, []string{`missing "]" to close the "[" at character 7`}, false},
		{"ExtraBracket", `userName eq "x"]`, []string{`unbalanced "]"`}, false},
		{"ParenthesisInsideBracket", `emails[(type eq "work"]`, []string{`missing ")"`}, false},
		{"TrailingGarbage", `userName eq "x" garbage`, []string{`at character 17`, `unexpected "garbage" after a complete expression; expected "and", "or" or the end of the filter`}, false},
		{"GarbageInParentheses", `(title eq "t" x)`, []string{`unexpected "x"`, `expected "and", "or" or ")"`}, false},
		{"GarbageInBrackets", `emails[type eq "w" x]`, []string{`unexpected "x"`, `expected "and", "or" or "]"`}, false},
		{"GarbageInParenthesesInBrackets", `(emails[(type eq "w" x)])`, []string{`expected "and", "or" or ")"`}, false},
		{"UnquotedSpace", `userName eq "John" Smith`, []string{`unexpected "Smith"`, `quote values that contain spaces`}, false},
		{"PrWithValue", `title pr "x"`, []string{`"pr" (present) takes no value`}, false},
		{"UnclosedString", `userName eq "bjensen`, []string{`at character 13`, `not closed`}, false},
		{"BadEscape", `userName eq "a\x"`, []string{`at character 15`, `invalid escape \x`}, false},
		{"BadUnicodeEscape", `userName eq "\u00g9"`, []string{`invalid \u escape`}, false},
		{"InvalidUTF8", "userName eq \"\xff\"", []string{`UTF-8`}, false},
		{"ValueFirst", `"x" eq userName`, []string{`expected an attribute name`}, false},
		{"NestedBrackets", `emails[type eq "work" and emails[value pr]]`, []string{`brackets cannot be nested`}, false},
		{"OperatorAfterValuePath", `emails[type eq "work"] eq "x"`, []string{`emails[…] is already a condition`, `emails[…].value eq`}, false},
		{"EntraWithoutOperator", `emails[type eq "work"].value`, []string{`expected an operator`, `emails[…].value`}, false},
		{"BadName", `1userName eq "x"`, []string{`"1userName" is not a valid attribute path`}, false},

		// Schema checks.
		{"UnknownAttribute", `favoriteColor eq "x"`, []string{`"favoriteColor" is not an attribute`, `userName`, `emails`}, true},
		{"UnknownSubAttribute", `name.middle eq "x"`, []string{`"name.middle"`, `name.givenName`}, true},
		{"UnknownSubAttributeInBrackets", `emails[display eq "x"]`, []string{`"emails.display"`, `emails.type`}, true},
		{"UnknownSubAttributeAfterBrackets", `emails[type eq "work"].display eq "x"`, []string{`"emails.display"`}, true},
		{"UnknownExtensionAttribute", entURN + `:costCentre eq "x"`, []string{`costCentre`, entURN + `:employeeNumber`}, true},
		{"UnknownSchema", `urn:example:params:scim:schemas:extension:x:1.0:User:foo eq "x"`, []string{`urn:example:params:scim:schemas:extension:x:1.0:User:foo`, entURN}, true},
		{"SchemaWithoutAttribute", entURN + ` pr`, []string{`names the schema`, `but no attribute`}, false},
		{"SubOfSimple", `userName.x eq "a"`, []string{`userName has no sub-attributes`}, true},
		{"Ambiguous", `department eq "Sales"`, []string{`several schemas`, entURN + `:department`, coURN + `:department`}, false},
		{"ComplexWithoutValue", `name eq "Barbara"`, []string{`name is a complex attribute`, `name.givenName`}, false},
		{"BracketsOnSingleValuedComplex", `name[givenName eq "x"]`, []string{`only to multi-valued complex attributes`}, false},
		{"BracketsOnSimple", `userName[value eq "x"]`, []string{`only to multi-valued complex attributes`, `userName is a string attribute`}, false},
		{"BracketsAfterSub", `emails.value[type eq "x"]`, []string{`brackets go right after`}, false},
		{"URNInsideBrackets", `emails[` + coreURN + `:emails.type eq "work"]`, []string{`is not a sub-attribute name`}, false},
		{"OrderBoolean", `active gt true`, []string{`active is a boolean attribute and cannot be ordered`}, false},
		{"ContainsOnBoolean", `active co "t"`, []string{`co, sw and ew compare text`, `active is a boolean attribute`}, false},
		{"ContainsOnDateTime", `meta.lastModified sw "2011"`, []string{`co, sw and ew compare text`, `dateTime`}, false},
		{"ContainsOnDate", coURN + `:Employed_Since sw "2020"`, []string{`co, sw and ew compare text`, `date attribute`}, false},
		{"NumberForString", `userName eq 5`, []string{`userName eq needs a "double-quoted string"`, `the number 5`}, false},
		{"BooleanForString", `userName eq true`, []string{`the boolean true`}, false},
		{"StringForBoolean", `active eq "yes"`, []string{`active eq needs true or false`, `"yes"`}, false},
		{"NumberForBoolean", `active eq 1`, []string{`needs true or false`, `the number 1`}, false},
		{"BadDateTime", `meta.lastModified gt "yesterday"`, []string{`needs an ISO 8601 date-time`, `"yesterday"`}, false},
		{"NumberForDateTime", `meta.lastModified gt 2011`, []string{`needs a date-time string`}, false},
		{"BadDate", coURN + `:Employed_Since eq "March 2020"`, []string{`needs an ISO 8601 date`}, false},
		{"DecimalForInteger", coURN + `:level eq 1.5`, []string{`needs a whole number`, `the number 1.5`}, false},
		{"StringForInteger", coURN + `:level eq "3"`, []string{`needs a whole number`, `"3"`}, false},
		{"IntegerOverflow", coURN + `:level eq 99999999999999999999`, []string{`within 64 bits`}, false},
		{"DecimalOverflow", coURN + `:fte eq 1e400`, []string{`within the range`}, false},
		{"NullWithGt", `title gt null`, []string{`null can only be used with eq`}, false},
		// SQLite cuts a LIKE pattern at U+0000 (co "\u0000x" matched
		// everyone), PostgreSQL refuses it: no value may hold it.
		{"NULEscaped", `userName co "\u0000x"`, []string{`the value for userName holds a NUL character`}, false},
		{"NULRaw", "userName eq \"a\x00\"", []string{`the value for userName holds a NUL character`}, false},
		{"NULInValuePath", `emails[value sw "\u0000"]`, []string{`the value for emails.value holds a NUL`}, false},
		{"NULEntra", `emails[type eq "work"].value eq "a\u0000"`, []string{`the value for emails.value holds a NUL`}, false},
		{"NULInCompanyAttribute", coURN + `:department ew "\u0000"`, []string{coURN + `:department holds a NUL`}, false},
		{"NULInBoolean", `active eq "true\u0000"`, []string{`active holds a NUL`}, false},
		{"NULInName", "user\x00Name eq \"x\"", []string{`is not a valid attribute path`}, false},

		// Limits.
		{"TooLong", `userName eq "` + strings.Repeat("x", filter.MaxLength) + `"`, []string{`at most 4096`}, false},
		{"TooDeep", strings.Repeat("(", 51) + `title pr` + strings.Repeat(")", 51), []string{`at character 51`, `nested more than 50 levels`}, false},
		{"TooDeepNot", strings.Repeat("not (", 51) + `title pr` + strings.Repeat(")", 51), []string{`nested more than 50 levels`}, false},
		{"TooDeepUnbalanced", strings.Repeat("(", 4000), []string{`nested more than 50 levels`}, false},
		{"TooManyComparisons", strings.Repeat(`title pr or `, filter.MaxComparisons) + `title pr`, []string{`more than 100 comparisons`}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := filter.Parse(rt, tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %s, want an error", tt.in, render(e))
			}
			wantSCIMError(t, err, scim.InvalidFilter, tt.want...)
			if got := isUnknownAttribute(err); got != tt.unknown {
				t.Errorf("wraps UnknownAttributeError = %v, want %v (%v)", got, tt.unknown, err)
			}
		})
	}
}

func TestParseLimitsAccepted(t *testing.T) {
	rt := userType()
	in := strings.Repeat("(", filter.MaxDepth) + `title pr` + strings.Repeat(")", filter.MaxDepth)
	if _, err := filter.Parse(rt, in); err != nil {
		t.Errorf("%d levels: %v", filter.MaxDepth, err)
	}
	in = strings.Repeat(`title pr or `, filter.MaxComparisons-1) + `title pr`
	if _, err := filter.Parse(rt, in); err != nil {
		t.Errorf("%d comparisons: %v", filter.MaxComparisons, err)
	}
	in = `userName eq "` + strings.Repeat("x", filter.MaxLength-len(`userName eq ""`)) + `"`
	if _, err := filter.Parse(rt, in); err != nil {
		t.Errorf("%d bytes: %v", len(in), err)
	}
}

func TestParseLongFilterExcerpt(t *testing.T) {
	in := `userName eq "` + strings.Repeat("x", 3000) + `" and`
	_, err := filter.Parse(userType(), in)
	e := wantSCIMError(t, err, scim.InvalidFilter, `at the end of …"`, `expected an expression after "and"`)
	if len(e.Detail) > 300 {
		t.Errorf("detail is %d bytes long; want an excerpt", len(e.Detail))
	}
}
