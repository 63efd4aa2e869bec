package schema_test

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/schema"
)

func TestNormalize(t *testing.T) {
	company := &schema.Schema{ID: schema.CompanyURN, Strict: true, Attributes: []*schema.Attribute{
		{Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: schema.String, Format: "date", Key: "since"},
		{Name: "Level", Type: schema.Integer, Key: "level"},
		{Name: "Site", Type: schema.String, Trimmed: true, CanonicalValues: []string{"Berlin"}, Key: "site"},
	}}
	rt := schema.UserType(company)
	ent := schema.EnterpriseURN
	cases := []struct {
		name    string
		in      string
		want    string
		ignored []string
	}{
		// A company option: as listed, whatever its case or the spaces
		// around it (an open list: a new value is kept, trimmed).
		{"OpenOptionAsListed", `{"` + schema.CompanyURN + `":{"Site":" BERLIN "}}`, `{"` + schema.CompanyURN + `":{"Site":"Berlin"}}`, nil},
		{"OpenOptionNewTrimmed", `{"` + schema.CompanyURN + `":{"Site":" Lisbon"}}`, `{"` + schema.CompanyURN + `":{"Site":"Lisbon"}}`, nil},
		// A company attribute sent empty has no value, whatever its type.
		{"CompanyAttributesEmpty", `{"userName":"a","` + schema.CompanyURN + `":{"Employed_Since":"","Level":" ","Site":""}}`, `{"userName":"a"}`, nil},
		// A date-time's date as written, not as in UTC.
		{"DateTimeCutAsWritten", `{"` + schema.CompanyURN + `":{"Employed_Since":"2019-05-01T00:00:00+02:00"}}`, `{"` + schema.CompanyURN + `":{"Employed since":"2019-05-01"}}`, nil},
		{"DateTimeCutAsWrittenWest", `{"` + schema.CompanyURN + `":{"Employed_Since":"2019-05-01T23:30:00-05:00"}}`, `{"` + schema.CompanyURN + `":{"Employed since":"2019-05-01"}}`, nil},
		// One attribute named twice: spelled as roster spells it, a key may
		// be the fetched representation that Okta PUTs back; another
		// spelling is the client's own mapping, and wins.
		{"OwnSpellingWins", `{"userName":"a","USERNAME":"b"}`, `{"userName":"b"}`, nil},
		{"AliasWinsOverFetchedName", `{"` + schema.CompanyURN + `":{"Employed since":"2019-05-01","Employed_Since":"2020-02-02"}}`,
			`{"` + schema.CompanyURN + `":{"Employed since":"2020-02-02"}}`, nil},
		{"PrefixedWinsOverNested", `{"` + ent + `":{"department":"R&D"},"` + ent + `:department":"Sales"}`, `{"` + ent + `":{"department":"Sales"}}`, nil},
		{"OwnSpellingUnassigns", `{"title":"CEO","TITLE":null}`, `{}`, nil},
		{"OwnSpellingInSubAttributes", `{"name":{"givenName":"A","GIVENNAME":"B"}}`, `{"name":{"givenName":"B"}}`, nil},
		// One attribute named twice with one value is that value.
		{"SameAttributeSameValue", `{"userName":"a","USERNAME":"a","name":{"givenName":"A","GIVENNAME":"A"}}`, `{"userName":"a","name":{"givenName":"A"}}`, nil},
		{"AliasAndNameSameValue", `{"` + schema.CompanyURN + `":{"Employed since":"2020-01-01","Employed_Since":"2020-01-01"}}`, `{"` + schema.CompanyURN + `":{"Employed since":"2020-01-01"}}`, nil},
		{"CanonicalNamesAnyCase", `{"USERNAME":"a","Name":{"GIVENNAME":"A"}}`, `{"userName":"a","name":{"givenName":"A"}}`, nil},
		{"EntraStringBooleans", `{"userName":"a","active":"False"}`, `{"userName":"a","active":false}`, nil},
		{"ReadOnlyAndSchemasDropped", `{"schemas":["x"],"id":"1","meta":{"version":"W/\"3\""},"userName":"a"}`, `{"userName":"a"}`, nil},
		{"UnknownCoreIgnored", `{"userName":"a","password":"p","role":[]}`, `{"userName":"a"}`, []string{"password", "role"}},
		// Read-only: dropped, and memberships sent said to be (the
		// activity log's "not applied"); none sent, nothing to say.
		{"GroupsReadOnlyDropped", `{"userName":"a","groups":[{"value":"g1"}],"roles":[]}`, `{"userName":"a"}`, []string{"groups"}},
		{"NoGroupsNothingDropped", `{"userName":"a","groups":[],"GROUPS":null}`, `{"userName":"a"}`, nil},
		{"EntraAddressAndPhones", `{"addresses":[{"type":"work","primary":"True","streetAddress":"Main St 1","locality":"Aarhus","region":"Midtjylland","postalCode":"8000","country":"DK","formatted":"Main St 1\n8000 Aarhus"}],` +
			`"phoneNumbers":[{"type":"work","value":"+45 1"},{"type":"mobile","value":"+45 2"},{"type":"fax","value":"+45 3"}]}`,
			`{"addresses":[{"type":"work","primary":true,"streetAddress":"Main St 1","locality":"Aarhus","region":"Midtjylland","postalCode":"8000","country":"DK","formatted":"Main St 1\n8000 Aarhus"}],` +
				`"phoneNumbers":[{"type":"work","value":"+45 1"},{"type":"mobile","value":"+45 2"},{"type":"fax","value":"+45 3"}]}`, nil},
		{"PhoneTypeOutsideCanonicalKept", `{"phoneNumbers":[{"type":"Desk","value":"1"}]}`, `{"phoneNumbers":[{"type":"Desk","value":"1"}]}`, nil},
		{"LoneAddressBecomesList", `{"ADDRESSES":{"Locality":"Aarhus"}}`, `{"addresses":[{"locality":"Aarhus"}]}`, nil},
		{"EveryListKept", `{"ims":[{"value":"a","type":"xmpp"}],"photos":[{"value":"https://x/p.jpg","type":"photo"}],"entitlements":[{"value":"e","display":"E"}],"roles":[{"value":"r","primary":false}],"x509Certificates":[{"value":"MIIB"}]}`,
			`{"ims":[{"value":"a","type":"xmpp"}],"photos":[{"value":"https://x/p.jpg","type":"photo"}],"entitlements":[{"value":"e","display":"E"}],"roles":[{"value":"r","primary":false}],"x509Certificates":[{"value":"MIIB"}]}`, nil},
		{"SingleValuedStrings", `{"nickName":"N","profileUrl":"https://x","userType":"Employee","preferredLanguage":"da-DK","name":{"middleName":"M","honorificPrefix":"Dr.","honorificSuffix":"Jr."}}`,
			`{"nickName":"N","profileUrl":"https://x","userType":"Employee","preferredLanguage":"da-DK","name":{"middleName":"M","honorificPrefix":"Dr.","honorificSuffix":"Jr."}}`, nil},
		{"EnterpriseWhole", `{"` + ent + `:costCenter":"CC","` + ent + `":{"organization":"O","division":"D"}}`, `{"` + ent + `":{"costCenter":"CC","organization":"O","division":"D"}}`, nil},
		{"UnknownURNIgnored", `{"userName":"a","urn:example:ext":{"x":1}}`, `{"userName":"a"}`, []string{"urn:example:ext"}},
		{"ManagerBareID", `{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"m1"}}`, `{"` + ent + `":{"manager":{"value":"m1"}}}`, nil},
		{"ManagerListOfOne", `{"` + ent + `":{"manager":[{"value":"m1","$ref":"../Users/m1"}]}}`, `{"` + ent + `":{"manager":{"value":"m1","$ref":"../Users/m1"}}}`, nil},
		{"ManagerDisplayNameReadOnly", `{"` + ent + `":{"manager":{"value":"m1","displayName":"M"}}}`, `{"` + ent + `":{"manager":{"value":"m1"}}}`, nil},
		{"URNPrefixedKey", `{"` + ent + `:employeeNumber":"7"}`, `{"` + ent + `":{"employeeNumber":"7"}}`, nil},
		{"NumberForEmployeeNumberAccepted", `{"` + ent + `":{"employeeNumber":42}}`, `{"` + ent + `":{"employeeNumber":"42"}}`, nil},
		{"EmptyListForSingleValuedUnassigns", `{"userName":"a","title":[]}`, `{"userName":"a"}`, nil},
		{"EntraStringTrueInSubAttribute", `{"emails":[{"value":"a@x","primary":"True"}]}`, `{"emails":[{"value":"a@x","primary":true}]}`, nil},
		{"LoneEmailBecomesList", `{"emails":{"value":"a@x"}}`, `{"emails":[{"value":"a@x"}]}`, nil},
		{"NullsDropped", `{"userName":"a","title":null,"emails":[]}`, `{"userName":"a"}`, nil},
		{"NULInIgnoredAttribute", `{"userName":"a","password":"p\u0000w"}`, `{"userName":"a"}`, []string{"password"}},
		{"NULInReadOnlyAttribute", `{"userName":"a","id":"\u0000"}`, `{"userName":"a"}`, nil},
		{"CompanyAliasToCanonical", `{"` + schema.CompanyURN + `":{"employed_since":"2021-03-01T10:00:00Z","level":"3"}}`, `{"` + schema.CompanyURN + `":{"Employed since":"2021-03-01","Level":3}}`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var in, want map[string]any
			mustJSON(t, c.in, &in)
			mustJSON(t, c.want, &want)
			got, ignored, err := rt.Normalize(in)
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			if !equalJSON(got, want) {
				t.Errorf("got  %s\nwant %s", js(got), js(want))
			}
			if !reflect.DeepEqual(sorted(ignored), sorted(c.ignored)) {
				t.Errorf("ignored = %v, want %v", ignored, c.ignored)
			}
		})
	}
	bad := []struct{ name, in, detail string }{
		{"ActiveNotBoolean", `{"active":"yes"}`, `"active" must be a boolean`},
		{"UserNameNotString", `{"userName":true}`, `"userName" must be a string`},
		{"UserNameNumber", `{"userName":12345}`, `"userName" must be a string; got the number 12345`},
		{"ObjectForString", `{"title":{"value":"x"}}`, `"title" must be a string; got a JSON object`},
		{"NumberInSubAttribute", `{"name":{"givenName":7}}`, `"name.givenName" must be a string`},
		{"ListForSingleValued", `{"title":["CEO"]}`, `"title" takes a single value of type string, not a JSON array`},
		{"ListForBoolean", `{"active":[true]}`, `"active" takes a single value`},
		{"StringForComplex", `{"` + ent + `":{"department":"x","employeeNumber":"1"},"name":"Ada Lovelace"}`, `"name" must be a JSON object`},
		{"StringForMultiValuedComplex", `{"emails":"ada@example.com"}`, `"emails" must be a JSON object`},
		{"StringsInEmailList", `{"emails":["ada@example.com"]}`, `"emails" must be a JSON object`},
		{"NumberForManager", `{"` + ent + `":{"manager":42}}`, `manager" must be a JSON object`},
		{"BooleanForDate", `{"` + schema.CompanyURN + `":{"Employed since":true}}`, `must be a string`},
		{"NameNotObject", `{"name":"Ada"}`, `"name" must be a JSON object`},
		{"ExtensionNotObject", `{"` + ent + `":"x"}`, "must be a JSON object"},
		{"TwoManagers", `{"` + ent + `":{"manager":[{"value":"a"},{"value":"b"}]}}`, "takes a single value"},
		{"UndefinedCompanyAttribute", `{"` + schema.CompanyURN + `":{"Shoe size":"42"}}`, `"Shoe size" is not an attribute`},
		{"BadDate", `{"` + schema.CompanyURN + `":{"Employed since":"last year"}}`, "ISO 8601 date"},
		{"DecimalForInteger", `{"` + schema.CompanyURN + `":{"Level":1.5}}`, "whole number"},
		{"NULInUserName", `{"userName":"a\u0000b"}`, `"userName" holds a NUL character`},
		{"NULAtStart", `{"displayName":"\u0000"}`, `"displayName" holds a NUL character`},
		{"NULInSubAttribute", `{"name":{"givenName":"A\u0000"}}`, `"name.givenName" holds a NUL`},
		{"NULInEmail", `{"emails":[{"value":"a@x"},{"value":"b\u0000@x"}]}`, `"emails.value" holds a NUL`},
		{"AddressAsString", `{"addresses":"Main St 1"}`, `"addresses" must be a JSON object`},
		{"PhonePrimaryNotBoolean", `{"phoneNumbers":[{"value":"1","primary":"yes"}]}`, `"phoneNumbers.primary" must be a boolean`},
		{"NULInLocality", `{"addresses":[{"locality":"A\u0000"}]}`, `"addresses.locality" holds a NUL`},
		{"CostCenterObject", `{"` + ent + `":{"costCenter":{"x":1}}}`, `costCenter" must be a string`},
		{"NULInManagerID", `{"` + ent + `":{"manager":"m\u0000"}}`, `manager.value" holds a NUL`},
		{"NULInDate", `{"` + schema.CompanyURN + `":{"Employed since":"2021-03-01\u0000"}}`, `"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed since" holds a NUL`},
		{"NULInNumberString", `{"` + schema.CompanyURN + `":{"Level":"3\u0000"}}`, "whole number"},
		// One attribute named twice with two values, neither spelled as
		// roster spells it: which one was meant cannot be told (an
		// object's keys have no order).
		{"UserNameTwiceOtherwise", `{"USERNAME":"a","Username":"b"}`, `"USERNAME" and "Username" both name userName, with different values`},
		{"SubAttributeTwiceOtherwise", `{"name":{"GIVENNAME":"A","GivenName":"B"}}`, `"GIVENNAME" and "GivenName" both name name.givenName`},
		{"AliasAndOldName", `{"` + schema.CompanyURN + `":{"Employed_Since":"2019-05-01","EMPLOYED SINCE":"2020-01-01"}}`, `both name`},
		{"ExtensionInTwoCases", `{"` + strings.ToUpper(ent) + `":{"department":"R&D"},"` + ent + `:department":"Sales"}`,
			`"` + strings.ToUpper(ent) + `:department" and "` + ent + `:department" both name`},
	}
	for _, c := range bad {
		t.Run("Invalid/"+c.name, func(t *testing.T) {
			var in map[string]any
			mustJSON(t, c.in, &in)
			_, _, err := rt.Normalize(in)
			e, ok := scim.AsError(err)
			if !ok || e.Status != 400 || e.ScimType != scim.InvalidValue || !strings.Contains(e.Detail, c.detail) {
				t.Fatalf("err = %v, want 400 invalidValue containing %q", err, c.detail)
			}
		})
	}
}

func mustJSON(t testing.TB, s string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
}

func js(v any) string { b, _ := json.Marshal(v); return string(b) }

func equalJSON(a, b any) bool { return js(a) == js(b) }

func sorted(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
