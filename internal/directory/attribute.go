package directory

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"roster/internal/scim/schema"
)

// AttributeType is the type of a company-defined employee attribute.
type AttributeType string

// The attribute types. Values are typed in storage so that range filters
// on dates and numbers compare correctly.
const (
	// TypeOption is text of at most MaxOptionLength characters, optionally
	// restricted to a fixed list of options.
	TypeOption AttributeType = "option"
	// TypeDate is an ISO 8601 date, stored as YYYY-MM-DD.
	TypeDate AttributeType = "date"
	// TypeNumber is an integer; decimals are refused.
	TypeNumber AttributeType = "number"
	// TypeEmployee references another employee of the same company, sent
	// as that employee's email or userName.
	TypeEmployee AttributeType = "employee"
)

// MaxOptionLength bounds an option value, in characters.
const MaxOptionLength = 256

// AttributeTypes lists the valid types in the order the console shows them.
var AttributeTypes = []AttributeType{TypeOption, TypeDate, TypeNumber, TypeEmployee}

// ReservedAttributeNames cannot be used as attribute names or aliases:
// they are roster's own read-only attributes in the company extension.
var ReservedAttributeNames = []string{"pendingReferences"}

// AttributeDef is a company's own employee attribute (department,
// location, date of birth …), sent by identity providers in the company
// extension schema under its name or any alias.
type AttributeDef struct {
	ID        string
	CompanyID string
	Name      string
	// Aliases are other names clients may use, e.g. "Employed_Since" for
	// "Employed since", since Okta allows no spaces in attribute names.
	Aliases []string
	Type    AttributeType
	// Options, for TypeOption, restricts values to this list (compared
	// case-insensitively); empty allows any text.
	Options []string
	// Open, for TypeOption, accepts a value not among Options and adds it
	// to them (see Admit) instead of refusing it: a Location-style list
	// that grows with the company.
	Open bool
	// NewOptions are the Options an open list admitted on its own that
	// no administrator has acknowledged yet (the console marks them new).
	NewOptions []string
	Created    time.Time
}

// attrNameRE is RFC 7643 §2.1's ATTRNAME: what a SCIM path can name.
var attrNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// PathSafe reports whether name can appear in a SCIM path or filter.
func PathSafe(name string) bool { return attrNameRE.MatchString(name) }

// Names returns the name followed by the aliases.
func (a *AttributeDef) Names() []string { return append([]string{a.Name}, a.Aliases...) }

// PathName is the name to use in SCIM paths: the name if path-safe, else
// the first path-safe alias, else "".
func (a *AttributeDef) PathName() string {
	for _, n := range a.Names() {
		if PathSafe(n) {
			return n
		}
	}
	return ""
}

// Validate checks the definition on its own; uniqueness of names and
// aliases across the company is checked by ValidateAgainst. An alias
// follows the rules of a name: the old name of a renamed attribute stays
// as an alias even when it has spaces (path-less SCIM values may still use
// it). Aliases an administrator adds must also be path-safe: see
// ValidateNew and AttributeEdit.
func (a *AttributeDef) Validate() error {
	a.Name = strings.TrimSpace(a.Name)
	if a.Name == "" {
		return Invalid("attribute name is required")
	}
	if err := checkAttributeName("attribute name", a.Name); err != nil {
		return err
	}
	switch a.Type {
	case TypeOption, TypeDate, TypeNumber, TypeEmployee:
	default:
		return Invalid("attribute type %q is not one of option, date, number, employee", a.Type)
	}
	seen := map[string]bool{strings.ToLower(a.Name): true}
	for i, alias := range a.Aliases {
		alias = strings.TrimSpace(alias)
		a.Aliases[i] = alias
		if alias == "" {
			return Invalid("an alias cannot be empty")
		}
		if err := checkAttributeName("alias", alias); err != nil {
			return err
		}
		if seen[strings.ToLower(alias)] {
			return Invalid("alias %q is given twice or equals the name", alias)
		}
		seen[strings.ToLower(alias)] = true
	}
	for _, n := range a.Names() {
		for _, r := range ReservedAttributeNames {
			if strings.EqualFold(n, r) {
				return Invalid("%q is reserved by roster; choose another name", n)
			}
		}
	}
	if a.Type != TypeOption && (len(a.Options) > 0 || a.Open || len(a.NewOptions) > 0) {
		return Invalid("only option attributes take a list of options or can be open")
	}
	for i, o := range a.Options {
		a.Options[i] = strings.TrimSpace(o)
		if err := checkOption(a.Options[i]); err != nil {
			return err
		}
		for _, p := range a.Options[:i] {
			if strings.EqualFold(p, a.Options[i]) {
				return Invalid("option %q is listed twice (options are compared case-insensitively)", a.Options[i])
			}
		}
	}
	return nil
}

// ValidateNew is Validate for a definition being created: its aliases
// must also be path-safe, since an alias exists to be used in SCIM paths.
func (a *AttributeDef) ValidateNew() error {
	if err := a.Validate(); err != nil {
		return err
	}
	for _, alias := range a.Aliases {
		if err := checkNewAlias(alias); err != nil {
			return err
		}
	}
	return nil
}

// checkNewAlias is the rule for an alias an administrator adds.
func checkNewAlias(alias string) error {
	if !PathSafe(alias) {
		return Invalid("alias %q must start with a letter A-Z and hold only letters A-Z, digits, '_' and '-' (no spaces or accents: a SCIM path cannot hold them, and Okta refuses them)", alias)
	}
	return nil
}

// checkAttributeName is the rule for a name or alias.
func checkAttributeName(what, n string) error {
	if err := checkName(what, n); err != nil {
		return err
	}
	if utf8.RuneCountInString(n) > 100 || strings.ContainsAny(n, ":.[]\"") {
		return Invalid("%s %q must be at most 100 characters without ':', '.', '[', ']' or '\"' (they have meaning in SCIM paths)", what, n)
	}
	return nil
}

// checkOption is the rule for one option of a list.
func checkOption(o string) error {
	if o == "" || utf8.RuneCountInString(o) > MaxOptionLength {
		return Invalid("options must be non-empty and at most %d characters", MaxOptionLength)
	}
	return checkText("option", o)
}

// HasOption reports whether v is among the options, case-insensitively.
func (a AttributeDef) HasOption(v string) bool { return indexFold(a.Options, v) >= 0 }

// IsNewOption reports whether the option was admitted by an open list and
// not yet acknowledged.
func (a AttributeDef) IsNewOption(v string) bool { return indexFold(a.NewOptions, v) >= 0 }

func indexFold(list []string, v string) int {
	return slices.IndexFunc(list, func(o string) bool { return strings.EqualFold(o, v) })
}

// Admits reports whether Admit would add v: a value of an open option
// attribute that is not among its options yet.
func (a AttributeDef) Admits(v string) bool {
	return a.Type == TypeOption && a.Open && v != "" && !a.HasOption(v)
}

// Admit adds value v of an open option attribute to its options (and to
// NewOptions) when it is not among them yet, and reports whether it did.
// Call it after Check accepted v.
func (a *AttributeDef) Admit(v string) bool {
	if !a.Admits(v) {
		return false
	}
	a.Options = append(slices.Clip(a.Options), v)
	a.NewOptions = append(slices.Clip(a.NewOptions), v)
	return true
}

// ValidateAgainst checks that a's name and aliases clash with no name or
// alias of the company's other attributes (case-insensitively).
func (a *AttributeDef) ValidateAgainst(others []AttributeDef) error {
	for _, o := range others {
		if o.ID == a.ID {
			continue
		}
		for _, n := range a.Names() {
			for _, m := range o.Names() {
				if strings.EqualFold(n, m) {
					return Conflict("%q is already used by attribute %q", n, o.Name)
				}
			}
		}
	}
	return nil
}

// Reference points from an employee to another employee of the same
// company: a manager, or an employee-typed attribute. Identity providers
// send employees in any order, so a reference to someone not yet
// provisioned is kept as pending and resolved when they appear.
type Reference struct {
	// Value is what the client sent: an employee id, userName, email or
	// externalId.
	Value string
	// TargetID is the referenced employee's id; "" while pending.
	TargetID string
	// TargetName and TargetEmail describe the target on read.
	TargetName  string
	TargetEmail string
}

// Pending reports whether the reference waits for its target.
func (r Reference) Pending() bool { return r.Value != "" && r.TargetID == "" }

// CompanySchema is the company extension schema as this company's
// attributes define it, for SCIM discovery, input checking and filters.
// It also holds roster's read-only pendingReferences attribute.
func CompanySchema(defs []AttributeDef) *schema.Schema {
	s := &schema.Schema{
		ID:          schema.CompanyURN,
		Name:        "CompanyUser",
		Description: "The company's own employee attributes",
		Strict:      true,
	}
	for _, d := range defs {
		s.Attributes = append(s.Attributes, d.SchemaAttribute())
	}
	s.Attributes = append(s.Attributes, &schema.Attribute{
		Name: "pendingReferences", Type: schema.Complex, MultiValued: true,
		Mutability: schema.ReadOnly, Returned: schema.Default, Uniqueness: schema.None,
		Description: "References to employees that are not provisioned yet; resolved automatically when they are.",
		SubAttributes: []*schema.Attribute{
			{Name: "attribute", Type: schema.String, Mutability: schema.ReadOnly, Returned: schema.Default, Uniqueness: schema.None, Description: "The referencing attribute."},
			{Name: "value", Type: schema.String, Mutability: schema.ReadOnly, Returned: schema.Default, Uniqueness: schema.None, Description: "The value as sent."},
		},
	})
	return s
}

// SchemaAttribute is a's SCIM attribute definition.
func (a *AttributeDef) SchemaAttribute() *schema.Attribute {
	sa := &schema.Attribute{
		Name: a.Name, Aliases: append([]string(nil), a.Aliases...), Key: a.ID,
		Mutability: schema.ReadWrite, Returned: schema.Default, Uniqueness: schema.None,
	}
	switch a.Type {
	case TypeOption:
		sa.Type, sa.MaxLength, sa.Trimmed = schema.String, MaxOptionLength, true
		sa.Description = fmt.Sprintf("Option attribute: text of at most %d characters.", MaxOptionLength)
		switch {
		case a.Open:
			sa.CanonicalValues = append([]string(nil), a.Options...)
			sa.Description = "Option attribute (open list): one of the listed canonical values, or a new value, which is added to the list."
		case len(a.Options) > 0:
			sa.CanonicalValues, sa.StrictValues = append([]string(nil), a.Options...), true
			sa.Description = "Option attribute: one of the listed canonical values."
		}
	case TypeDate:
		sa.Type, sa.Format = schema.String, "date"
		sa.Description = "Date attribute: an ISO 8601 date such as 2021-03-01 (a date-time is cut to its date)."
	case TypeNumber:
		sa.Type = schema.Integer
		sa.Description = "Number attribute: a whole number."
	case TypeEmployee:
		sa.Type = schema.String
		sa.Description = "Employee attribute: the email or userName of another employee of the company."
	}
	if len(a.Aliases) > 0 {
		sa.Description += " Also accepted as: " + strings.Join(a.Aliases, ", ") + "."
	}
	return sa
}
