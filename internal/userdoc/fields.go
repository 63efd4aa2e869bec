package userdoc

import (
	"roster/internal/directory"
	"roster/internal/scim/schema"
)

// textField is a single-valued string attribute of the SCIM User and
// the Employee field holding it: in the core schema (urn "") or the
// enterprise extension, at the top level or inside "name" (parent).
type textField struct {
	urn, parent, name string
	get               func(e *directory.Employee) *string
}

// textFields are every single-valued string the SCIM User maps to an
// Employee field, so that Doc and Apply cannot cover one but not the
// other.
var textFields = []textField{
	{"", "", "userName", func(e *directory.Employee) *string { return &e.UserName }},
	{"", "", "externalId", func(e *directory.Employee) *string { return &e.ExternalID }},
	{"", "name", "formatted", func(e *directory.Employee) *string { return &e.Name.Formatted }},
	{"", "name", "familyName", func(e *directory.Employee) *string { return &e.Name.FamilyName }},
	{"", "name", "givenName", func(e *directory.Employee) *string { return &e.Name.GivenName }},
	{"", "name", "middleName", func(e *directory.Employee) *string { return &e.Name.MiddleName }},
	{"", "name", "honorificPrefix", func(e *directory.Employee) *string { return &e.Name.HonorificPrefix }},
	{"", "name", "honorificSuffix", func(e *directory.Employee) *string { return &e.Name.HonorificSuffix }},
	{"", "", "displayName", func(e *directory.Employee) *string { return &e.DisplayName }},
	{"", "", "nickName", func(e *directory.Employee) *string { return &e.NickName }},
	{"", "", "profileUrl", func(e *directory.Employee) *string { return &e.ProfileURL }},
	{"", "", "title", func(e *directory.Employee) *string { return &e.Title }},
	{"", "", "userType", func(e *directory.Employee) *string { return &e.UserType }},
	{"", "", "preferredLanguage", func(e *directory.Employee) *string { return &e.PreferredLanguage }},
	{"", "", "locale", func(e *directory.Employee) *string { return &e.Locale }},
	{"", "", "timezone", func(e *directory.Employee) *string { return &e.Timezone }},
	{schema.EnterpriseURN, "", "employeeNumber", func(e *directory.Employee) *string { return &e.EmployeeNumber }},
	{schema.EnterpriseURN, "", "costCenter", func(e *directory.Employee) *string { return &e.CostCenter }},
	{schema.EnterpriseURN, "", "organization", func(e *directory.Employee) *string { return &e.Organization }},
	{schema.EnterpriseURN, "", "division", func(e *directory.Employee) *string { return &e.Division }},
	{schema.EnterpriseURN, "", "department", func(e *directory.Employee) *string { return &e.Department }},
}

// object returns the object of doc the field lives in, creating it when
// create; nil when it is absent and not created.
func (f textField) object(doc map[string]any, create bool) map[string]any {
	m := doc
	for _, key := range []string{f.urn, f.parent} {
		if key == "" {
			continue
		}
		next, _ := m[key].(map[string]any)
		if next == nil {
			if !create {
				return nil
			}
			next = map[string]any{}
			m[key] = next
		}
		m = next
	}
	return m
}

// textKey names a text field: its schema (urn), parent and name.
type textKey struct{ urn, parent, name string }

// textsByKey are textFields by where they live, for TextField.
var textsByKey = func() map[textKey]func(*directory.Employee) *string {
	m := make(map[textKey]func(*directory.Employee) *string, len(textFields))
	for _, f := range textFields {
		m[textKey{f.urn, f.parent, f.name}] = f.get
	}
	return m
}()

// TextField is how e's string attribute name is read, inside parent (""
// at its schema's top level) of the schema urn ("" for the core): the
// Employee field Doc puts there. nil when the SCIM User maps no Employee
// field there.
func TextField(urn, parent, name string) func(e *directory.Employee) *string {
	return textsByKey[textKey{urn, parent, name}]
}

// AddressPart is a's sub-attribute name as Doc puts it ("" for none); ok
// is false when an address has no such part.
func AddressPart(a *directory.Address, name string) (v string, ok bool) {
	for _, p := range addressParts {
		if p.name == name {
			return *p.get(a), true
		}
	}
	return "", false
}

// putTexts sets doc's string attributes from e; no value, no key.
func putTexts(doc map[string]any, e *directory.Employee) {
	for _, f := range textFields {
		if v := *f.get(e); v != "" {
			f.object(doc, true)[f.name] = v
		}
	}
}

// takeTexts sets e's string fields from doc; absent ones become "".
func takeTexts(e *directory.Employee, doc map[string]any) {
	for _, f := range textFields {
		*f.get(e) = getString(f.object(doc, false), f.name)
	}
}

// addressParts are the sub-attributes of an address and where Address
// keeps each.
var addressParts = []struct {
	name string
	get  func(a *directory.Address) *string
}{
	{"formatted", func(a *directory.Address) *string { return &a.Formatted }},
	{"streetAddress", func(a *directory.Address) *string { return &a.StreetAddress }},
	{"locality", func(a *directory.Address) *string { return &a.Locality }},
	{"region", func(a *directory.Address) *string { return &a.Region }},
	{"postalCode", func(a *directory.Address) *string { return &a.PostalCode }},
	{"country", func(a *directory.Address) *string { return &a.Country }},
	{"type", func(a *directory.Address) *string { return &a.Type }},
}

// putLists sets doc's addresses and other value lists from e. primary
// is always present, as emails' is (see Doc), so that
// "phoneNumbers[primary eq false]" means the same in memory as in SQL.
func putLists(doc map[string]any, e *directory.Employee) {
	if len(e.Addresses) > 0 {
		list := make([]any, 0, len(e.Addresses))
		for i := range e.Addresses {
			m := map[string]any{}
			for _, p := range addressParts {
				putString(m, p.name, *p.get(&e.Addresses[i]))
			}
			m["primary"] = e.Addresses[i].Primary
			list = append(list, m)
		}
		doc[directory.AddressesAttribute] = list
	}
	for _, l := range directory.ValueLists {
		vs := *l.Get(e)
		if len(vs) == 0 {
			continue
		}
		list := make([]any, 0, len(vs))
		for _, v := range vs {
			m := map[string]any{"value": v.Value, "primary": v.Primary}
			putString(m, "display", v.Display)
			putString(m, "type", v.Type)
			list = append(list, m)
		}
		doc[l.Name] = list
	}
}

// takeLists sets e's addresses and other value lists from doc; values
// without a value (addresses without a part) are dropped, as emails are.
func takeLists(e *directory.Employee, doc map[string]any) {
	e.Addresses = nil
	items, _ := doc[directory.AddressesAttribute].([]any)
	for _, item := range items {
		m, _ := item.(map[string]any)
		var a directory.Address
		for _, p := range addressParts {
			*p.get(&a) = getString(m, p.name)
		}
		a.Primary, _ = m["primary"].(bool)
		if !a.Empty() {
			e.Addresses = append(e.Addresses, a)
		}
	}
	for _, l := range directory.ValueLists {
		p := l.Get(e)
		*p = nil
		items, _ := doc[l.Name].([]any)
		for _, item := range items {
			m, _ := item.(map[string]any)
			if getString(m, "value") == "" {
				continue
			}
			primary, _ := m["primary"].(bool)
			*p = append(*p, directory.MultiValue{Value: getString(m, "value"), Display: getString(m, "display"), Type: getString(m, "type"), Primary: primary})
		}
	}
}
