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

var coreAttributes = []coreAttribute{
	{"userName", func(e *Employee) string { return e.UserName }, func(d, s *Employee) { d.UserName = s.UserName }},
	{"externalId", func(e *Employee) string { return e.ExternalID }, func(d, s *Employee) { d.ExternalID = s.ExternalID }},
	{"name.givenName", func(e *Employee) string { return e.Name.GivenName }, func(d, s *Employee) { d.Name.GivenName = s.Name.GivenName }},
	{"name.familyName", func(e *Employee) string { return e.Name.FamilyName }, func(d, s *Employee) { d.Name.FamilyName = s.Name.FamilyName }},
	{"name.formatted", func(e *Employee) string { return e.Name.Formatted }, func(d, s *Employee) { d.Name.Formatted = s.Name.Formatted }},
	{"displayName", func(e *Employee) string { return e.DisplayName }, func(d, s *Employee) { d.DisplayName = s.DisplayName }},
	{"title", func(e *Employee) string { return e.Title }, func(d, s *Employee) { d.Title = s.Title }},
	{"locale", func(e *Employee) string { return e.Locale }, func(d, s *Employee) { d.Locale = s.Locale }},
	{"timezone", func(e *Employee) string { return e.Timezone }, func(d, s *Employee) { d.Timezone = s.Timezone }},
	{"emails", func(e *Employee) string { return emailsText(e.Emails) }, func(d, s *Employee) { d.Emails = slices.Clone(s.Emails) }},
	{"active", activeText, func(d, s *Employee) { d.Active = s.Active }},
	{"employeeNumber", func(e *Employee) string { return e.EmployeeNumber }, func(d, s *Employee) { d.EmployeeNumber = s.EmployeeNumber }},
	{"department", func(e *Employee) string { return e.Department }, func(d, s *Employee) { d.Department = s.Department }},
	{"manager", func(e *Employee) string { return e.Manager.Value }, func(d, s *Employee) { d.Manager = s.Manager }},
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

func activeText(e *Employee) string {
	if e.Active {
		return "true"
	}
	return "false"
}
