package directory

import "testing"

func TestSurveyLanguage(t *testing.T) {
	for _, c := range []struct{ preferred, locale, want string }{
		{"da-DK", "en-US", "da-DK"},
		{"", "en-US", "en-US"},
		{"fr", "", "fr"},
		{"", "", ""},
	} {
		e := Employee{PreferredLanguage: c.preferred, Locale: c.locale}
		if got := e.SurveyLanguage(); got != c.want {
			t.Errorf("SurveyLanguage(preferred %q, locale %q) = %q; want %q", c.preferred, c.locale, got, c.want)
		}
	}
}

func TestWorkLocation(t *testing.T) {
	for name, c := range map[string]struct {
		addresses []Address
		want      string
	}{
		"none":               {nil, ""},
		"work before others": {[]Address{{Type: "home", Locality: "Ockham", Primary: true}, {Type: "Work", Locality: "London", Country: "GB"}}, "London, GB"},
		"else primary":       {[]Address{{Type: "home", Locality: "Ockham"}, {Type: "other", Country: "DK", Primary: true}}, "DK"},
		"else first":         {[]Address{{Locality: "Aarhus"}, {Locality: "Odense"}}, "Aarhus"},
		"no city or country": {[]Address{{Type: "work", StreetAddress: "Main St 1"}}, ""},
	} {
		e := Employee{Addresses: c.addresses}
		if got := e.WorkLocation(); got != c.want {
			t.Errorf("%s: WorkLocation = %q; want %q", name, got, c.want)
		}
	}
}

func TestValidateLists(t *testing.T) {
	for name, c := range map[string]struct {
		edit  func(e *Employee)
		valid bool
	}{
		"one primary each": {func(e *Employee) {
			e.PhoneNumbers = []MultiValue{{Value: "1", Primary: true}}
			e.Roles = []MultiValue{{Value: "r", Primary: true}}
		}, true},
		"two primary phones": {func(e *Employee) {
			e.PhoneNumbers = []MultiValue{{Value: "1", Primary: true}, {Value: "2", Primary: true}}
		}, false},
		"two primary addresses": {func(e *Employee) {
			e.Addresses = []Address{{Locality: "a", Primary: true}, {Locality: "b", Primary: true}}
		}, false},
		"empty address": {func(e *Employee) { e.Addresses = []Address{{Type: "work"}} }, false},
		"blank role":    {func(e *Employee) { e.Roles = []MultiValue{{Value: " "}} }, false},
	} {
		e := Employee{UserName: "a@x"}
		c.edit(&e)
		if err := e.Validate(); (err == nil) != c.valid {
			t.Errorf("%s: Validate = %v; want valid %v", name, err, c.valid)
		}
	}
}

// A copy shares nothing with its original: every list and map changed
// in the copy leaves the original as it was.
func TestCopySharesNothing(t *testing.T) {
	e := Employee{
		Emails:       []Email{{Value: "a@example.com"}},
		Addresses:    []Address{{Locality: "London"}},
		PhoneNumbers: []MultiValue{{Value: "+44 1"}},
		ExternalIDs:  []ExternalID{{ConnectionID: "c", Value: "x"}},
		Attributes:   map[string]AttributeValue{"team": {Text: "Engines"}},
		Provenance:   Provenance{"title": {Actor: Actor{ConnectionID: "c"}}},
	}
	c := e.Copy()
	c.Emails[0].Value = "changed"
	c.Addresses[0].Locality = "changed"
	c.PhoneNumbers[0].Value = "changed"
	c.ExternalIDs[0].Value = "changed"
	c.Attributes["team"] = AttributeValue{Text: "changed"}
	c.Provenance["title"] = SetBy{Actor: Actor{ConnectionID: "changed"}}
	if e.Emails[0].Value != "a@example.com" || e.Addresses[0].Locality != "London" || e.PhoneNumbers[0].Value != "+44 1" ||
		e.ExternalIDs[0].Value != "x" || e.Attributes["team"].Text != "Engines" || e.Provenance["title"].ConnectionID != "c" {
		t.Errorf("original changed through its copy: %+v", e)
	}
}
