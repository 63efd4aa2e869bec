// Package directory is roster's domain: companies, their provisioning
// connections (bearer tokens), employees and their status history, and the
// Store contract that every storage backend fulfils.
package directory

import (
	"strings"
	"time"
)

// Name holds the components of an employee's name.
type Name struct {
	Formatted       string
	FamilyName      string
	GivenName       string
	MiddleName      string
	HonorificPrefix string
	HonorificSuffix string
}

// GivenFamily is "givenName familyName", without the missing parts; ""
// when both are missing.
func (n Name) GivenFamily() string {
	return strings.TrimSpace(n.GivenName + " " + n.FamilyName)
}

// Email is one email address of an employee.
type Email struct {
	Value   string
	Type    string
	Primary bool
}

// Employee is one person of a company, as provisioned by an identity
// provider.
type Employee struct {
	ID        string
	CompanyID string
	UserName  string
	// ExternalID is the externalId of the connection the employee is seen
	// by (ExternalIDOf, SeenBy): a write stores it as the writing
	// connection's value, and the store's reads fill it in for the viewer
	// (EmployeeQuery.ViewerConnectionID; Employee reads the unattributed
	// value, "" for a connection: see SeenBy).
	ExternalID string
	// ExternalIDs are every connection's externalId for the employee, by
	// connection id; the store's, read-only to writers.
	ExternalIDs []ExternalID
	Name        Name

	DisplayName string
	NickName    string
	ProfileURL  string
	Title       string
	UserType    string
	// PreferredLanguage is RFC 7643's preferredLanguage ("da-DK"), the
	// employee's language of choice; see SurveyLanguage.
	PreferredLanguage string
	Locale            string
	Timezone          string
	Emails            []Email
	Addresses         []Address
	PhoneNumbers      []MultiValue
	IMs               []MultiValue
	Photos            []MultiValue
	Entitlements      []MultiValue
	Roles             []MultiValue
	X509Certificates  []MultiValue

	// Active false means deactivated: kept, but out of engagement surveys.
	Active bool
	// StatusChanged is when Active last changed (creation counts).
	StatusChanged time.Time

	EmployeeNumber string
	CostCenter     string
	Organization   string
	Division       string
	Department     string
	// Manager is the enterprise extension's manager, sent by Entra as the
	// manager's id (Okta may send another identifier); it may be pending.
	Manager Reference
	// Attributes holds the company-defined attributes, keyed by
	// AttributeDef.ID.
	Attributes map[string]AttributeValue

	Created      time.Time
	LastModified time.Time
	// Version increases with every change; SCIM's meta.version is W/"Version".
	Version int64
	// SourceConnectionID is the connection that created the employee
	// ("" when created by an administrator).
	SourceConnectionID string
	// LastWriter is who made the latest change to an attribute (the
	// console's "Source"); the store's.
	LastWriter Actor
	// Provenance says who last set each attribute; the store's, filled
	// by single-employee reads (Employee, and the updater's fn), not by
	// lists.
	Provenance Provenance
}

// ShownName is how roster names the employee to people (the console's
// lists and pages, a reference's target): the displayName, else
// "givenName familyName", else name.formatted, else the userName, which
// every employee has.
func (e *Employee) ShownName() string {
	if e.DisplayName != "" {
		return e.DisplayName
	}
	if n := e.Name.GivenFamily(); n != "" {
		return n
	}
	if e.Name.Formatted != "" {
		return e.Name.Formatted
	}
	return e.UserName
}

// PrimaryEmail returns the primary email, else the first, else "".
func (e *Employee) PrimaryEmail() string {
	for _, m := range e.Emails {
		if m.Primary {
			return m.Value
		}
	}
	if len(e.Emails) > 0 {
		return e.Emails[0].Value
	}
	return ""
}

// Validate checks the invariants every stored employee keeps.
func (e *Employee) Validate() error {
	if strings.TrimSpace(e.UserName) == "" {
		return Invalid("userName is required and must not be blank")
	}
	if len(e.UserName) > 1024 {
		return Invalid("userName may hold at most 1024 bytes")
	}
	primaries := 0
	for _, m := range e.Emails {
		if strings.TrimSpace(m.Value) == "" {
			return Invalid("every email needs a non-empty value")
		}
		if m.Primary {
			primaries++
		}
	}
	if primaries > 1 {
		return Invalid("at most one email may be primary; %d are", primaries)
	}
	if err := e.validateLists(); err != nil {
		return err
	}
	if e.Manager.TargetID != "" && e.Manager.TargetID == e.ID {
		return Invalid("an employee cannot be their own manager")
	}
	return nil
}

// PendingReference is a reference of an employee that waits for its
// target to be provisioned.
type PendingReference struct {
	// Attribute is "manager" or the company attribute's name.
	Attribute string
	Value     string
}

// PendingReferences lists e's references that are not resolved yet;
// defs names the company attributes.
func (e *Employee) PendingReferences(defs []AttributeDef) []PendingReference {
	var out []PendingReference
	if e.Manager.Pending() {
		out = append(out, PendingReference{Attribute: "manager", Value: e.Manager.Value})
	}
	for _, d := range defs {
		if v, ok := e.Attributes[d.ID]; ok && d.Type == TypeEmployee && v.Ref.Pending() {
			out = append(out, PendingReference{Attribute: d.Name, Value: v.Ref.Value})
		}
	}
	return out
}
