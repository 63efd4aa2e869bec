package directory

import "slices"

// coreAttribute is one core or enterprise attribute of an employee as
// the activity log's diff, provenance and owners name it: how people read
// its value, and how one version of an employee takes it from another.
// One table, so that a new attribute cannot be diffed but not restored.
type coreAttribute struct {
	name string
	text func(e *Employee) string
	take func(dst, src *Employee)
}

var coreAttributes = append([]coreAttribute{
	{"userName", func(e *Employee) string { return e.UserName }, func(d, s *Employee) { d.UserName = s.UserName }},
	{"externalId", func(e *Employee) string { return e.ExternalID }, func(d, s *Employee) { d.ExternalID = s.ExternalID }},
	{"name.givenName", func(e *Employee) string { return e.Name.GivenName }, func(d, s *Employee) { d.Name.GivenName = s.Name.GivenName }},
	{"name.familyName", func(e *Employee) string { return e.Name.FamilyName }, func(d, s *Employee) { d.Name.FamilyName = s.Name.FamilyName }},
	{"name.formatted", func(e *Employee) string { return e.Name.Formatted }, func(d, s *Employee) { d.Name.Formatted = s.Name.Formatted }},
	{"name.middleName", func(e *Employee) string { return e.Name.MiddleName }, func(d, s *Employee) { d.Name.MiddleName = s.Name.MiddleName }},
	{"name.honorificPrefix", func(e *Employee) string { return e.Name.HonorificPrefix }, func(d, s *Employee) { d.Name.HonorificPrefix = s.Name.HonorificPrefix }},
	{"name.honorificSuffix", func(e *Employee) string { return e.Name.HonorificSuffix }, func(d, s *Employee) { d.Name.HonorificSuffix = s.Name.HonorificSuffix }},
	{"displayName", func(e *Employee) string { return e.DisplayName }, func(d, s *Employee) { d.DisplayName = s.DisplayName }},
	{"nickName", func(e *Employee) string { return e.NickName }, func(d, s *Employee) { d.NickName = s.NickName }},
	{"profileUrl", func(e *Employee) string { return e.ProfileURL }, func(d, s *Employee) { d.ProfileURL = s.ProfileURL }},
	{"title", func(e *Employee) string { return e.Title }, func(d, s *Employee) { d.Title = s.Title }},
	{"userType", func(e *Employee) string { return e.UserType }, func(d, s *Employee) { d.UserType = s.UserType }},
	{"preferredLanguage", func(e *Employee) string { return e.PreferredLanguage }, func(d, s *Employee) { d.PreferredLanguage = s.PreferredLanguage }},
	{"locale", func(e *Employee) string { return e.Locale }, func(d, s *Employee) { d.Locale = s.Locale }},
	{"timezone", func(e *Employee) string { return e.Timezone }, func(d, s *Employee) { d.Timezone = s.Timezone }},
	{"emails", func(e *Employee) string { return emailsText(e.Emails) }, func(d, s *Employee) { d.Emails = slices.Clone(s.Emails) }},
	{"addresses", func(e *Employee) string { return addressesText(e.Addresses) }, func(d, s *Employee) { d.Addresses = slices.Clone(s.Addresses) }},
	{"active", activeText, func(d, s *Employee) { d.Active = s.Active }},
	{"employeeNumber", func(e *Employee) string { return e.EmployeeNumber }, func(d, s *Employee) { d.EmployeeNumber = s.EmployeeNumber }},
	{"costCenter", func(e *Employee) string { return e.CostCenter }, func(d, s *Employee) { d.CostCenter = s.CostCenter }},
	{"organization", func(e *Employee) string { return e.Organization }, func(d, s *Employee) { d.Organization = s.Organization }},
	{"division", func(e *Employee) string { return e.Division }, func(d, s *Employee) { d.Division = s.Division }},
	{"department", func(e *Employee) string { return e.Department }, func(d, s *Employee) { d.Department = s.Department }},
	{"manager", func(e *Employee) string { return e.Manager.Value }, func(d, s *Employee) { d.Manager = s.Manager }},
}, valueListAttributes()...)

// valueListAttributes are the entries of coreAttributes for ValueLists.
func valueListAttributes() []coreAttribute {
	out := make([]coreAttribute, 0, len(ValueLists))
	for _, l := range ValueLists {
		out = append(out, coreAttribute{
			name: l.Name,
			text: func(e *Employee) string { return valuesText(*l.Get(e)) },
			take: func(d, s *Employee) { *l.Get(d) = slices.Clone(*l.Get(s)) },
		})
	}
	return out
}

// CoreAttributes are the names of the core and enterprise attributes, as
// Diff names them, in Diff's order.
var CoreAttributes = func() []string {
	names := make([]string, len(coreAttributes))
	for i, a := range coreAttributes {
		names[i] = a.name
	}
	return names
}()

// AttributeText is how people read the core or enterprise attribute
// (named as Diff names it) of e: what the activity log shows; "" for no
// value or an attribute that is not one of CoreAttributes.
func (e *Employee) AttributeText(attribute string) string {
	for _, a := range coreAttributes {
		if a.name == attribute {
			return a.text(e)
		}
	}
	return ""
}

func activeText(e *Employee) string {
	if e.Active {
		return "true"
	}
	return "false"
}
