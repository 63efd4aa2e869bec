package sqlstore

import "roster/internal/scim/schema"

// listTable is where the values of a multi-valued attribute live, one
// row per value: employee_emails for emails, employee_values (rows of
// one attribute) for the others.
type listTable struct {
	table     string
	attribute string // employee_values.attribute; "" for employee_emails
}

var emailsTable = &listTable{table: "employee_emails"}

// lists maps every multi-valued attribute with stored values to its
// table: value filters (phoneNumbers[type eq "work"]) and "pr" on the
// attribute as a whole (addresses pr) compile through it.
var lists = map[string]*listTable{
	attrKey(schema.UserURN, "emails", ""): emailsTable,
}

// absent are the attributes roster lists but never has a value of
// (groups: roster has no groups).
var absent = map[string]bool{}

// init adds the multi-valued attributes of the core schema besides
// emails to attrs and lists, from the schema itself, so that a filter
// can name every sub-attribute that discovery shows.
func init() {
	for _, a := range schema.User.Attributes {
		key := attrKey(schema.UserURN, a.Name, "")
		if !a.MultiValued || lists[key] != nil {
			continue
		}
		if a.Mutability == schema.ReadOnly {
			absent[key] = true
			for _, sub := range a.SubAttributes {
				attrs[attrKey(schema.UserURN, a.Name, sub.Name)] = column{kind: kindAbsent}
			}
			continue
		}
		t := &listTable{table: "employee_values", attribute: a.Name}
		lists[key] = t
		for _, sub := range a.SubAttributes {
			k := attrKey(schema.UserURN, a.Name, sub.Name)
			if sub.Name == "primary" {
				attrs[k] = column{name: "is_primary", kind: kindBool, list: t}
				continue
			}
			for _, c := range listColumns {
				if c.sub == sub.Name {
					// Every sub-attribute of these is caseExact false
					// (RFC 7643 §8.7.1).
					attrs[k] = column{name: c.name, fold: true, list: t}
				}
			}
		}
	}
}

// listIn wraps a condition on one row of t (alias m) into "the employee
// has such a value". IN over the table's (company_id, …) index rather
// than a correlated EXISTS lets SQLite start from the values for
// "emails.value eq" or "phoneNumbers.value eq"; PostgreSQL plans both as
// the same semi-join.
func (c *compiler) listIn(t *listTable, cond func() (string, error)) (string, error) {
	head := "e.id IN (SELECT m.employee_id FROM " + t.table + " m WHERE m.company_id = " + c.bind(c.company)
	if t.attribute != "" {
		head += " AND m.attribute = " + c.bind(t.attribute)
	}
	s, err := cond()
	if err != nil {
		return "", err
	}
	if s == "" {
		return head + ")", nil
	}
	return head + " AND " + s + ")", nil
}

// firstOf is the expression of column name of an employee's primary
// value of t, else its first (Employee.PrimaryEmail): what sorting by a
// multi-valued attribute sorts on.
func firstOf(t *listTable, name string, bind func(any) string) string {
	cond := ""
	if t.attribute != "" {
		cond = " AND m.attribute = " + bind(t.attribute)
	}
	return "(SELECT m." + name + " FROM " + t.table + " m WHERE m.employee_id = e.id" + cond + " ORDER BY m.is_primary DESC, m.position LIMIT 1)"
}
