package directory

import (
	"maps"
	"slices"
	"strings"
)

// MultiValue is one value of a multi-valued attribute of an employee
// other than emails and addresses (phoneNumbers, ims, photos,
// entitlements, roles, x509Certificates): RFC 7643 §2.4 gives each value
// a value, a display, a type label and at most one primary.
type MultiValue struct {
	Value   string
	Display string
	Type    string
	Primary bool
}

// Address is one postal address of an employee (RFC 7643 §4.1.2): it
// has no value of its own, only its parts.
type Address struct {
	Formatted     string
	StreetAddress string
	Locality      string
	Region        string
	PostalCode    string
	Country       string
	Type          string
	Primary       bool
}

// Empty reports whether the address has no part (type and primary are
// labels, not parts).
func (a Address) Empty() bool {
	return a.Formatted == "" && a.StreetAddress == "" && a.Locality == "" && a.Region == "" && a.PostalCode == "" && a.Country == ""
}

// ValueList names one of the employee's []MultiValue attributes by its
// SCIM name: one table so that storage, the SCIM mapping, validation and
// Diff cover every list alike.
type ValueList struct {
	Name string
	Get  func(e *Employee) *[]MultiValue
}

// ValueLists are the employee's []MultiValue attributes, in Diff's order.
var ValueLists = []ValueList{
	{"phoneNumbers", func(e *Employee) *[]MultiValue { return &e.PhoneNumbers }},
	{"ims", func(e *Employee) *[]MultiValue { return &e.IMs }},
	{"photos", func(e *Employee) *[]MultiValue { return &e.Photos }},
	{"entitlements", func(e *Employee) *[]MultiValue { return &e.Entitlements }},
	{"roles", func(e *Employee) *[]MultiValue { return &e.Roles }},
	{"x509Certificates", func(e *Employee) *[]MultiValue { return &e.X509Certificates }},
}

// AddressesAttribute is the SCIM name of Employee.Addresses.
const AddressesAttribute = "addresses"

// Copy returns a copy of e that shares no list or map with it: the
// copy can be changed without changing e.
func (e *Employee) Copy() Employee {
	c := *e
	c.Emails = slices.Clone(e.Emails)
	c.Addresses = slices.Clone(e.Addresses)
	for _, l := range ValueLists {
		p := l.Get(&c)
		*p = slices.Clone(*p)
	}
	c.ExternalIDs = slices.Clone(e.ExternalIDs)
	c.Attributes = maps.Clone(e.Attributes)
	c.Provenance = maps.Clone(e.Provenance)
	return c
}

// SameLists reports whether e and o hold the same addresses and
// []MultiValue lists (emails are compared apart: they are stored apart).
func (e *Employee) SameLists(o *Employee) bool {
	if !slices.Equal(e.Addresses, o.Addresses) {
		return false
	}
	for _, l := range ValueLists {
		if !slices.Equal(*l.Get(e), *l.Get(o)) {
			return false
		}
	}
	return true
}

// WorkAddress is where the employee works: the address typed "work",
// else the primary one, else the first; false when there is none.
func (e *Employee) WorkAddress() (Address, bool) {
	for _, a := range e.Addresses {
		if strings.EqualFold(a.Type, "work") {
			return a, true
		}
	}
	for _, a := range e.Addresses {
		if a.Primary {
			return a, true
		}
	}
	if len(e.Addresses) > 0 {
		return e.Addresses[0], true
	}
	return Address{}, false
}

// WorkLocation is the work address's city and country, "Copenhagen, DK",
// without the missing parts; "" when unknown.
func (e *Employee) WorkLocation() string {
	a, ok := e.WorkAddress()
	if !ok {
		return ""
	}
	var parts []string
	for _, p := range []string{a.Locality, a.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// SurveyLanguage is the language engagement surveys are given to the
// employee in: preferredLanguage (RFC 7643 §4.1.1, what Entra maps by
// default), else locale (what Okta sends), else "".
func (e *Employee) SurveyLanguage() string {
	if e.PreferredLanguage != "" {
		return e.PreferredLanguage
	}
	return e.Locale
}

// validateLists checks the RFC 7643 §2.4 rules of every list besides
// emails: each value has a value (an address at least one part), and at
// most one value per attribute is primary.
func (e *Employee) validateLists() error {
	primaries := 0
	for _, a := range e.Addresses {
		if a.Empty() {
			return Invalid("every address needs at least one of formatted, streetAddress, locality, region, postalCode or country")
		}
		if a.Primary {
			primaries++
		}
	}
	if primaries > 1 {
		return Invalid("at most one of addresses may be primary; %d are", primaries)
	}
	for _, l := range ValueLists {
		primaries := 0
		for _, v := range *l.Get(e) {
			if strings.TrimSpace(v.Value) == "" {
				return Invalid("every value of %s needs a non-empty value", l.Name)
			}
			if v.Primary {
				primaries++
			}
		}
		if primaries > 1 {
			return Invalid("at most one of %s may be primary; %d are", l.Name, primaries)
		}
	}
	return nil
}

// valuesText shows a list as "+45 1234 (work, primary), +45 5678".
func valuesText(vs []MultiValue) string {
	return joinShown(vs, ", ", func(v MultiValue) string { return tagged(v.Value, v.Type, v.Primary) })
}

// addressesText shows addresses as "Main St 1, Copenhagen, DK (work)".
func addressesText(as []Address) string {
	return joinShown(as, "; ", func(a Address) string {
		var fields []string
		for _, f := range []string{a.Formatted, a.StreetAddress, a.PostalCode, a.Locality, a.Region, a.Country} {
			if f != "" {
				fields = append(fields, f)
			}
		}
		return tagged(strings.Join(fields, ", "), a.Type, a.Primary)
	})
}

// joinShown shows each item and joins them with sep.
func joinShown[T any](items []T, sep string, show func(T) string) string {
	parts := make([]string, 0, len(items))
	for _, it := range items {
		parts = append(parts, show(it))
	}
	return strings.Join(parts, sep)
}

// tagged is "value (type, primary)" without the missing tags.
func tagged(value, typ string, primary bool) string {
	var tags []string
	if typ != "" {
		tags = append(tags, typ)
	}
	if primary {
		tags = append(tags, "primary")
	}
	if len(tags) > 0 {
		value += " (" + strings.Join(tags, ", ") + ")"
	}
	return value
}
