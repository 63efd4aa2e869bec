package sqlstore

import (
	"fmt"
	"strings"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// kind is how an attribute is stored.
type kind int

const (
	kindText   kind = iota // nullable text; compared through col_fold when fold
	kindBool               // NOT NULL boolean
	kindTime               // NOT NULL unix microseconds
	kindConst              // not stored: the same value for every employee
	kindAbsent             // listed in the schema, never has a value (groups)
)

// column says where a filterable attribute lives.
type column struct {
	name string // column name, without table alias
	kind kind
	fold bool       // case-insensitive: compare and sort on name+"_fold"
	list *listTable // a column of a multi-valued attribute's table (one row per value)
	// external: the viewer's row of employee_external_ids (externalId)
	external bool
	value    string // the value of a kindConst attribute
}

// attrKey names an attribute: schema URN ("" for common attributes),
// attribute and sub-attribute, as the schema spells them.
func attrKey(urn, attr, sub string) string { return urn + "|" + attr + "|" + sub }

func refKey(r schema.Ref) string {
	sub := ""
	if r.Sub != nil {
		sub = r.Sub.Name
	}
	return attrKey(r.URN(), r.Attr.Name, sub)
}

// attrs maps every filterable attribute of the core and enterprise schemas
// to its column: the only way a name reaches SQL. An attribute missing
// here (meta.version …) is refused with EInvalid, never ignored;
// BuildEmployeesQuery marks it KindFilter, so SCIM answers invalidFilter.
// Company extension attributes are compiled by companyAttr.
var attrs = map[string]column{
	attrKey("", "id", ""):                               {name: "id"},
	attrKey("", "externalId", ""):                       externalIDColumn,
	attrKey("", "meta", "created"):                      {name: "created_us", kind: kindTime},
	attrKey("", "meta", "lastModified"):                 {name: "modified_us", kind: kindTime},
	attrKey("", "meta", "resourceType"):                 {kind: kindConst, value: "User"},
	attrKey(schema.UserURN, "userName", ""):             {name: "user_name", fold: true},
	attrKey(schema.UserURN, "name", "givenName"):        {name: "given_name", fold: true},
	attrKey(schema.UserURN, "name", "familyName"):       {name: "family_name", fold: true},
	attrKey(schema.UserURN, "name", "formatted"):        {name: "formatted_name", fold: true},
	attrKey(schema.UserURN, "name", "middleName"):       {name: "middle_name", fold: true},
	attrKey(schema.UserURN, "name", "honorificPrefix"):  {name: "honorific_prefix", fold: true},
	attrKey(schema.UserURN, "name", "honorificSuffix"):  {name: "honorific_suffix", fold: true},
	attrKey(schema.UserURN, "displayName", ""):          {name: "display_name", fold: true},
	attrKey(schema.UserURN, "nickName", ""):             {name: "nick_name", fold: true},
	attrKey(schema.UserURN, "profileUrl", ""):           {name: "profile_url", fold: true},
	attrKey(schema.UserURN, "title", ""):                {name: "title", fold: true},
	attrKey(schema.UserURN, "userType", ""):             {name: "user_type", fold: true},
	attrKey(schema.UserURN, "preferredLanguage", ""):    {name: "preferred_language", fold: true},
	attrKey(schema.UserURN, "locale", ""):               {name: "locale", fold: true},
	attrKey(schema.UserURN, "timezone", ""):             {name: "timezone", fold: true},
	attrKey(schema.UserURN, "active", ""):               {name: "active", kind: kindBool},
	attrKey(schema.UserURN, "emails", "value"):          {name: "value", fold: true, list: emailsTable},
	attrKey(schema.UserURN, "emails", "type"):           {name: "type", fold: true, list: emailsTable},
	attrKey(schema.UserURN, "emails", "primary"):        {name: "is_primary", kind: kindBool, list: emailsTable},
	attrKey(schema.EnterpriseURN, "employeeNumber", ""): {name: "employee_number", fold: true},
	attrKey(schema.EnterpriseURN, "costCenter", ""):     {name: "cost_center", fold: true},
	attrKey(schema.EnterpriseURN, "organization", ""):   {name: "organization", fold: true},
	attrKey(schema.EnterpriseURN, "division", ""):       {name: "division", fold: true},
	attrKey(schema.EnterpriseURN, "department", ""):     {name: "department", fold: true},
	attrKey(schema.EnterpriseURN, "manager", "value"):   {name: "manager_value"},
}

// groups are single-valued complex attributes that "pr" and "eq null" may
// name as a whole: present when one of the listed sub-attributes is.
var groups = map[string][]string{
	attrKey(schema.UserURN, "name", ""): {
		attrKey(schema.UserURN, "name", "givenName"),
		attrKey(schema.UserURN, "name", "familyName"),
		attrKey(schema.UserURN, "name", "formatted"),
		attrKey(schema.UserURN, "name", "middleName"),
		attrKey(schema.UserURN, "name", "honorificPrefix"),
		attrKey(schema.UserURN, "name", "honorificSuffix"),
	},
	attrKey(schema.EnterpriseURN, "manager", ""): {attrKey(schema.EnterpriseURN, "manager", "value")},
	attrKey("", "meta", ""):                      {attrKey("", "meta", "created")},
}

// compiler turns a filter into a WHERE fragment over employees e. Values
// only ever reach the SQL as bound parameters.
type compiler struct {
	d       Dialect
	company string
	args    []any
	inList  *listTable // compiling the filter of a value path: alias m
	// viewer is the connection whose externalId the query sees
	// (EmployeeQuery.ViewerConnectionID).
	viewer string
	// types are the company's attribute types by id (schema.Attribute.Key
	// of the company extension's attributes).
	types map[string]directory.AttributeType
}

// bind adds a parameter and returns its placeholder. Fragments are
// assembled in text order, so numbering follows the order of binding.
func (c *compiler) bind(v any) string {
	c.args = append(c.args, v)
	return c.d.Placeholder(len(c.args))
}

func unsupported(r schema.Ref) error {
	return directory.Invalid("filtering on %s is not supported", r)
}

// expr compiles e to a condition that is TRUE exactly when e holds; when
// e does not hold it may be FALSE or NULL. "not" therefore compiles to
// "IS NOT TRUE", which is two-valued, so SQL's NULL logic never makes
// "not (title eq x)" drop employees without a title.
func (c *compiler) expr(e filter.Expr) (string, error) {
	switch x := e.(type) {
	case filter.And:
		return c.binary(x.Left, x.Right, "AND")
	case filter.Or:
		return c.binary(x.Left, x.Right, "OR")
	case filter.Not:
		s, err := c.expr(x.X)
		if err != nil {
			return "", err
		}
		return "((" + s + ") IS NOT TRUE)", nil
	case filter.Compare:
		return c.compare(x)
	case filter.ValuePath:
		return c.valuePath(x)
	case nil:
		return "", directory.Invalid("empty filter")
	}
	return "", directory.Invalid("unsupported filter expression %T", e)
}

func (c *compiler) binary(l, r filter.Expr, op string) (string, error) {
	ls, err := c.expr(l)
	if err != nil {
		return "", err
	}
	rs, err := c.expr(r)
	if err != nil {
		return "", err
	}
	return "(" + ls + " " + op + " " + rs + ")", nil
}

func (c *compiler) valuePath(v filter.ValuePath) (string, error) {
	if c.inList != nil {
		return "", directory.Invalid("a value filter cannot be nested in another")
	}
	if absent[refKey(v.Attr)] {
		return c.d.Bool(false), nil // no value to match
	}
	if t := lists[refKey(v.Attr)]; t != nil {
		return c.listIn(t, func() (string, error) {
			c.inList = t
			defer func() { c.inList = nil }()
			s, err := c.expr(v.Filter)
			if err != nil {
				return "", err
			}
			return "(" + s + ")", nil
		})
	}
	if v.Attr.Attr.Type == schema.Complex && !v.Attr.Attr.MultiValued {
		// A single-valued complex attribute has one value: the filter
		// holds when that value matches it.
		return c.expr(v.Filter)
	}
	return "", unsupported(v.Attr)
}

func (c *compiler) compare(x filter.Compare) (string, error) {
	if x.Op == filter.Ne && x.Value != nil {
		// "ne" is the negation of "eq" (filter.Match): it holds when no
		// value equals the operand, so also for an absent attribute, and
		// "emails.value ne x" means no email is x.
		eq := x
		eq.Op = filter.Eq
		s, err := c.compare(eq)
		if err != nil {
			return "", err
		}
		return "((" + s + ") IS NOT TRUE)", nil
	}
	if x.Attr.URN() == schema.CompanyURN {
		return c.companyAttr(x)
	}
	key := refKey(x.Attr)
	if t := lists[key]; t != nil && x.Value == nil && !c.inListOf(t) {
		// "addresses pr", "addresses eq null": a value exists (or not).
		s, err := c.listIn(t, func() (string, error) { return "", nil })
		if x.Op == filter.Eq {
			return "((" + s + ") IS NOT TRUE)", err
		}
		return s, err
	}
	if subs, ok := groups[key]; ok && x.Value == nil && (x.Op == filter.Pr || x.Op == filter.Eq || x.Op == filter.Ne) {
		return c.group(x, subs)
	}
	col, ok := attrs[key]
	if !ok {
		return "", unsupported(x.Attr)
	}
	if col.external {
		return c.externalIDIn(x, col)
	}
	if col.list == nil {
		return c.leaf(x, col, "e.")
	}
	if c.inListOf(col.list) {
		return c.leaf(x, col, "m.")
	}
	// Outside a value path a comparison of a multi-valued attribute holds
	// when one of the employee's values satisfies it (RFC 7644 §3.4.2.2).
	if x.Op == filter.Eq && x.Value == nil {
		// "emails.type eq null": no email of the employee has a type
		// ("emails eq null": the employee has no email).
		s, err := c.listIn(col.list, func() (string, error) {
			return c.leaf(filter.Compare{Attr: x.Attr, Op: filter.Pr}, col, "m.")
		})
		return "((" + s + ") IS NOT TRUE)", err
	}
	return c.listIn(col.list, func() (string, error) { return c.leaf(x, col, "m.") })
}

// inListOf reports whether the compiler is inside a value path of t.
func (c *compiler) inListOf(t *listTable) bool { return c.inList != nil && c.inList == t }

// valueColumn is the column of employee_attribute_values holding a
// company attribute's values, compared and sorted on; fold says whether it
// holds folded text.
func valueColumn(t directory.AttributeType) (name string, fold bool) {
	switch t {
	case directory.TypeOption:
		return "text", true // text_fold
	case directory.TypeNumber:
		return "number_value", false
	case directory.TypeDate:
		return "date_value", false
	case directory.TypeEmployee:
		return "ref", true // ref_fold: the reference as sent
	}
	return "", false
}

// companyType returns the stored type of a company extension attribute,
// named in storage by its Key (AttributeDef.ID).
func (c *compiler) companyType(r schema.Ref) (directory.AttributeType, error) {
	if r.Attr.Key == "" || r.Sub != nil {
		// pendingReferences: computed on read, not stored.
		return "", unsupported(r)
	}
	t, ok := c.types[r.Attr.Key]
	if !ok {
		return "", directory.Invalid("filtering on %s is not supported: the company has no such attribute (any more)", r)
	}
	return t, nil
}

// companyAttr compiles a comparison on a company attribute. An employee
// has a value exactly when it has a row, so "pr" is the row's existence
// and a comparison a condition on the row's typed column.
func (c *compiler) companyAttr(x filter.Compare) (string, error) {
	t, err := c.companyType(x.Attr)
	if err != nil {
		return "", err
	}
	// The attribute is the company's alone (its id came from the
	// company's definitions, and the query around is the company's
	// employees): its id finds its values, through the index of its
	// type's column, which leads with it.
	head := "e.id IN (SELECT v.employee_id FROM employee_attribute_values v WHERE v.attribute_id = " + c.bind(x.Attr.Attr.Key)
	switch {
	case x.Op == filter.Pr, x.Op == filter.Ne && x.Value == nil:
		return head + ")", nil
	case x.Op == filter.Eq && x.Value == nil:
		return "((" + head + ")) IS NOT TRUE)", nil
	}
	name, fold := valueColumn(t)
	var cond string
	switch t {
	case directory.TypeOption, directory.TypeEmployee:
		v, ok := x.Value.(string)
		if !ok {
			return "", directory.Invalid("%s %s needs a string value; got %T", x.Attr, x.Op, x.Value)
		}
		cond, err = c.text(x, "v."+name, fold, v)
	case directory.TypeDate:
		// YYYY-MM-DD text orders as the dates do.
		v, ok := x.Value.(string)
		if !ok {
			return "", directory.Invalid("%s %s needs a date; got %T", x.Attr, x.Op, x.Value)
		}
		cond, err = c.ordered(x, "v."+name, v, "a date")
	case directory.TypeNumber:
		v, ok := x.Value.(int64)
		if !ok {
			return "", directory.Invalid("%s %s needs a whole number; got %T", x.Attr, x.Op, x.Value)
		}
		cond, err = c.ordered(x, "v."+name, v, "a number")
	default:
		err = unsupported(x.Attr)
	}
	if err != nil {
		return "", err
	}
	return head + " AND " + cond + ")", nil
}

// group compiles "pr", "eq null" and "ne null" on a complex attribute as
// a whole (name pr: one of its parts is present).
func (c *compiler) group(x filter.Compare, subs []string) (string, error) {
	var parts []string
	for _, k := range subs {
		s, err := c.leaf(filter.Compare{Attr: x.Attr, Op: filter.Pr}, attrs[k], "e.")
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	present := "(" + strings.Join(parts, " OR ") + ")"
	if x.Op == filter.Eq {
		return "(" + present + " IS NOT TRUE)", nil
	}
	return present, nil
}

// leaf compiles a comparison on one column of alias (e. or m.).
func (c *compiler) leaf(x filter.Compare, col column, alias string) (string, error) {
	if col.kind == kindConst {
		return c.constant(x, col.value)
	}
	if col.kind == kindAbsent {
		// Only "eq null" holds for a value no employee has; compare
		// turns "ne v" into "not (eq v)".
		return c.d.Bool(x.Op == filter.Eq && x.Value == nil), nil
	}
	name := alias + col.name
	switch {
	case x.Op == filter.Pr, x.Op == filter.Ne && x.Value == nil:
		if col.kind == kindText {
			return "(" + name + " IS NOT NULL AND " + name + " <> '')", nil
		}
		return name + " IS NOT NULL", nil
	case x.Op == filter.Eq && x.Value == nil:
		if col.kind == kindText {
			return "(" + name + " IS NULL OR " + name + " = '')", nil
		}
		return name + " IS NULL", nil
	}
	switch col.kind {
	case kindText:
		v, ok := x.Value.(string)
		if !ok {
			return "", directory.Invalid("%s %s needs a string value; got %T", x.Attr, x.Op, x.Value)
		}
		return c.text(x, name, col.fold, v)
	case kindBool:
		v, ok := x.Value.(bool)
		if !ok {
			return "", directory.Invalid("%s %s needs true or false; got %T", x.Attr, x.Op, x.Value)
		}
		if x.Op == filter.Eq {
			return name + " = " + c.d.Bool(v), nil
		}
		return "", directory.Invalid("%s is a boolean and supports only eq, ne and pr; got %s", x.Attr, x.Op)
	case kindTime:
		v, ok := x.Value.(time.Time)
		if !ok {
			return "", directory.Invalid("%s %s needs a date-time; got %T", x.Attr, x.Op, x.Value)
		}
		return c.time(x, name, v)
	}
	return "", unsupported(x.Attr)
}

// text compiles a string comparison. Case-insensitive attributes compare
// their *_fold column with the folded value; ordering is by bytes (UTF-8,
// that is code point order) in both cases.
func (c *compiler) text(x filter.Compare, name string, fold bool, v string) (string, error) {
	if fold {
		name += "_fold"
		v = Fold(v)
	}
	switch x.Op {
	case filter.Eq:
		return name + " = " + c.bind(v), nil
	case filter.Co, filter.Sw, filter.Ew:
		prefix, suffix := x.Op != filter.Sw, x.Op != filter.Ew
		if fold {
			return name + " LIKE " + c.bind(LikePattern(v, prefix, suffix)) + ` ESCAPE '\'`, nil
		}
		return c.d.MatchExact(name, c.bind(c.d.ExactPattern(v, prefix, suffix))), nil
	case filter.Gt, filter.Ge, filter.Lt, filter.Le:
		return name + " " + sqlOrder[x.Op] + " " + c.bind(v), nil
	}
	return "", directory.Invalid("unsupported operator %q", x.Op)
}

var sqlOrder = map[filter.Op]string{filter.Gt: ">", filter.Ge: ">=", filter.Lt: "<", filter.Le: "<="}

// ordered compiles eq, gt, ge, lt and le on a column whose values order
// as the operands do; what names the attribute's type in the error.
func (c *compiler) ordered(x filter.Compare, name string, v any, what string) (string, error) {
	if x.Op == filter.Eq {
		return name + " = " + c.bind(v), nil
	}
	if op, ok := sqlOrder[x.Op]; ok {
		return name + " " + op + " " + c.bind(v), nil
	}
	return "", directory.Invalid("%s is %s and supports eq, ne, gt, ge, lt, le and pr; got %s", x.Attr, what, x.Op)
}

// time compiles a dateTime comparison on whole microseconds. A filter
// value may be finer than the stored microseconds: t > v and t <= v use
// floor(v), t >= v and t < v use ceil(v), and eq only holds for a value
// without a sub-microsecond part — exact for every stored t.
func (c *compiler) time(x filter.Compare, name string, v time.Time) (string, error) {
	floor := v.Truncate(time.Microsecond)
	exact := floor.Equal(v)
	ceil := floor
	if !exact {
		ceil = floor.Add(time.Microsecond)
	}
	switch x.Op {
	case filter.Eq:
		if !exact {
			return c.d.Bool(false), nil
		}
		return name + " = " + c.bind(floor.UnixMicro()), nil
	case filter.Gt:
		return name + " > " + c.bind(floor.UnixMicro()), nil
	case filter.Le:
		return name + " <= " + c.bind(floor.UnixMicro()), nil
	case filter.Ge:
		return name + " >= " + c.bind(ceil.UnixMicro()), nil
	case filter.Lt:
		return name + " < " + c.bind(ceil.UnixMicro()), nil
	}
	return "", directory.Invalid("%s is a date-time and supports eq, ne, gt, ge, lt, le and pr; got %s", x.Attr, x.Op)
}

// constant evaluates a comparison on an attribute every employee has with
// the same value (meta.resourceType) and compiles to TRUE or FALSE.
func (c *compiler) constant(x filter.Compare, value string) (string, error) {
	var ok bool
	switch x.Op {
	case filter.Pr:
		ok = true
	case filter.Eq, filter.Ne:
		// Only null reaches here for ne: compare turns "ne v" into
		// "not (eq v)".
		if x.Value == nil {
			ok = x.Op == filter.Ne
			break
		}
		v, isStr := x.Value.(string)
		if !isStr {
			return "", directory.Invalid("%s %s needs a string value", x.Attr, x.Op)
		}
		ok = v == value
	default:
		v, isStr := x.Value.(string)
		if !isStr {
			return "", directory.Invalid("%s %s needs a string value", x.Attr, x.Op)
		}
		switch x.Op {
		case filter.Co:
			ok = strings.Contains(value, v)
		case filter.Sw:
			ok = strings.HasPrefix(value, v)
		case filter.Ew:
			ok = strings.HasSuffix(value, v)
		case filter.Gt:
			ok = value > v
		case filter.Ge:
			ok = value >= v
		case filter.Lt:
			ok = value < v
		case filter.Le:
			ok = value <= v
		default:
			return "", directory.Invalid("unsupported operator %q", x.Op)
		}
	}
	return c.d.Bool(ok), nil
}

// orderBy returns the ORDER BY clause for a query, binding its
// parameters (a company attribute's id) through bind. Employees without a
// value sort last ascending and first descending (RFC 7644 §3.4.2.3);
// seq breaks ties in the same direction, so a descending order is exactly
// the ascending one reversed and pages are stable.
func (c *compiler) orderBy(sortBy *schema.Ref, desc bool, bind func(any) string) (string, error) {
	dir, nulls := "ASC", "NULLS LAST"
	if desc {
		dir, nulls = "DESC", "NULLS FIRST"
	}
	seq := "e.seq " + dir
	if sortBy == nil {
		return seq, nil
	}
	r := *sortBy
	if r.URN() == schema.CompanyURN {
		t, err := c.companyType(r)
		if err != nil {
			return "", directory.Invalid("sorting by %s is not supported", r)
		}
		name, fold := valueColumn(t)
		if fold {
			name += "_fold"
		}
		expr := "(SELECT v." + name + " FROM employee_attribute_values v WHERE v.employee_id = e.id AND v.attribute_id = " + bind(r.Attr.Key) + ")"
		return fmt.Sprintf("%s %s %s, %s", expr, dir, nulls, seq), nil
	}
	if r.Sub == nil && r.Attr.Type == schema.Complex {
		// "emails" sorts by emails.value, "manager" by manager.value.
		if v := r.Attr.Sub("value"); v != nil {
			r.Sub = v
		}
	}
	col, ok := attrs[refKey(r)]
	if !ok || (col.list != nil && col.kind != kindText) || col.kind == kindAbsent {
		return "", directory.Invalid("sorting by %s is not supported", r)
	}
	if col.kind == kindConst {
		return seq, nil
	}
	name := col.name
	if col.fold {
		name += "_fold"
	}
	expr := "e." + name
	if col.external {
		expr = c.externalIDSort(bind)
	}
	if col.list != nil {
		expr = firstOf(col.list, name, bind)
	}
	return fmt.Sprintf("%s %s %s, %s", expr, dir, nulls, seq), nil
}
