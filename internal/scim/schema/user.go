package schema

// Schema URNs this server speaks.
const (
	UserURN       = "urn:ietf:params:scim:schemas:core:2.0:User"
	EnterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	// CompanyURN is the extension that carries each company's own employee
	// attributes; its attribute list differs per company.
	CompanyURN = "urn:ietf:params:scim:schemas:extension:peakon:2.0:User"
)

func str(name, desc string) *Attribute {
	return &Attribute{Name: name, Type: String, Description: desc, Mutability: ReadWrite, Returned: Default, Uniqueness: None}
}

func exact(a *Attribute) *Attribute { a.CaseExact = true; return a }

func readOnly(a *Attribute) *Attribute { a.Mutability = ReadOnly; return a }

func numberAsText(a *Attribute) *Attribute { a.NumberAsText = true; return a }

// Common attributes belong to every resource (RFC 7643 §3.1) and are not
// listed inside a schema's attributes.
var (
	IDAttr = &Attribute{Name: "id", Type: String, CaseExact: true, Mutability: ReadOnly, Returned: Always, Uniqueness: Server,
		Description: "Unique identifier of the employee, issued by roster."}
	ExternalIDAttr = exact(str("externalId", "Identifier of the employee in the provisioning client."))
	MetaAttr       = &Attribute{Name: "meta", Type: Complex, Mutability: ReadOnly, Returned: Default, Uniqueness: None,
		Description: "Resource metadata.",
		SubAttributes: []*Attribute{
			readOnly(exact(str("resourceType", "Name of the resource type."))),
			{Name: "created", Type: DateTime, Mutability: ReadOnly, Returned: Default, Uniqueness: None, Description: "When the employee was created."},
			{Name: "lastModified", Type: DateTime, Mutability: ReadOnly, Returned: Default, Uniqueness: None, Description: "When the employee last changed."},
			{Name: "location", Type: Reference, ReferenceTypes: []string{"uri"}, CaseExact: true, Mutability: ReadOnly, Returned: Default, Uniqueness: None, Description: "URI of the resource."},
			readOnly(exact(str("version", "Weak entity tag of the resource."))),
		}}
	Common = []*Attribute{IDAttr, ExternalIDAttr, MetaAttr}
)

// User is the core User schema as roster supports it (RFC 7643 §4.1): only
// attributes that roster stores are listed, so discovery tells the truth.
var User = &Schema{
	ID:          UserURN,
	Name:        "User",
	Description: "Employee",
	Attributes: []*Attribute{
		{Name: "userName", Type: String, Required: true, Mutability: ReadWrite, Returned: Always, Uniqueness: Server,
			Description: "Unique identifier for the employee, typically their sign-in email. Compared case-insensitively."},
		{Name: "name", Type: Complex, Mutability: ReadWrite, Returned: Default, Uniqueness: None,
			Description: "The components of the employee's name.",
			SubAttributes: []*Attribute{
				str("formatted", "The full name."),
				str("familyName", "The family name."),
				str("givenName", "The given name."),
			}},
		str("displayName", "The name displayed for the employee."),
		str("title", "The employee's job title."),
		str("locale", "Default location for localisation, e.g. en-US."),
		str("timezone", "Time zone in IANA format, e.g. Europe/Copenhagen."),
		{Name: "active", Type: Boolean, Mutability: ReadWrite, Returned: Default, Uniqueness: None,
			Description: "Whether the employee takes part in engagement surveys."},
		{Name: "emails", Type: Complex, MultiValued: true, Mutability: ReadWrite, Returned: Default, Uniqueness: None,
			Description: "Email addresses of the employee.",
			SubAttributes: []*Attribute{
				str("value", "Email address."),
				{Name: "type", Type: String, CanonicalValues: []string{"work", "home", "other"}, Mutability: ReadWrite, Returned: Default, Uniqueness: None,
					Description: "A label for the email: work, home or other."},
				{Name: "primary", Type: Boolean, Mutability: ReadWrite, Returned: Default, Uniqueness: None,
					Description: "Whether this is the primary email."},
			}},
	},
}

// Enterprise is the enterprise User extension (RFC 7643 §4.3), limited to
// the attributes roster stores.
var Enterprise = &Schema{
	ID:          EnterpriseURN,
	Name:        "EnterpriseUser",
	Description: "Enterprise User",
	Attributes: []*Attribute{
		numberAsText(str("employeeNumber", "Identifier of the employee within the organisation.")),
		str("department", "Name of the employee's department."),
		{Name: "manager", Type: Complex, Mutability: ReadWrite, Returned: Default, Uniqueness: None,
			Description: "The employee's manager.",
			SubAttributes: []*Attribute{
				exact(str("value", "The id of the manager's employee resource.")),
				{Name: "$ref", Type: Reference, ReferenceTypes: []string{"User"}, CaseExact: true, Mutability: ReadWrite, Returned: Default, Uniqueness: None,
					Description: "The URI of the manager's employee resource."},
				readOnly(str("displayName", "The manager's display name.")),
			}},
	},
}
