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
func boolean(name, desc string) *Attribute {
	return &Attribute{Name: name, Type: Boolean, Description: desc, Mutability: ReadWrite, Returned: Default, Uniqueness: None}
}

func ref(name, desc string, types ...string) *Attribute {
	return &Attribute{Name: name, Type: Reference, ReferenceTypes: types, Description: desc, Mutability: ReadWrite, Returned: Default, Uniqueness: None}
}

// typeLabel is the "type" sub-attribute of a multi-valued attribute with
// its RFC 7643 §4.1.2 canonical values (none when the RFC names none);
// other labels are accepted too.
func typeLabel(desc string, canonical ...string) *Attribute {
	a := str("type", desc)
	a.CanonicalValues = canonical
	return a
}

// multi is a multi-valued complex attribute (RFC 7643 §2.4).
func multi(name, desc string, subs ...*Attribute) *Attribute {
	return &Attribute{Name: name, Type: Complex, MultiValued: true, Description: desc, Mutability: ReadWrite, Returned: Default, Uniqueness: None,
		SubAttributes: subs}
}

// valued is a multi-valued attribute whose values have the RFC 7643
// §2.4 sub-attributes value (of the given definition), display, type
// and primary.
func valued(name, desc string, value, typ *Attribute) *Attribute {
	return multi(name, desc, value, str("display", "A human-readable name of the value."), typ,
		boolean("primary", "Whether this is the primary value of "+name+"; at most one is."))
}

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

// User is the core User schema as roster supports it (RFC 7643 §4.1):
// every attribute but password, which roster accepts and never stores, so
// it is not listed; groups is listed read-only and is always empty, since
// roster has no groups. Discovery, normalization, PATCH paths and filters
// all read this one list.
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
				str("middleName", "The middle name(s)."),
				str("honorificPrefix", "The honorific prefix(es), e.g. Ms."),
				str("honorificSuffix", "The honorific suffix(es), e.g. III."),
			}},
		str("displayName", "The name displayed for the employee."),
		str("nickName", "The casual name of the employee."),
		ref("profileUrl", "A URI of the employee's online profile.", "external"),
		str("title", "The employee's job title."),
		str("userType", "The relationship to the organisation, e.g. Employee or Contractor."),
		str("preferredLanguage", "The employee's preferred language (RFC 7231 Accept-Language form, e.g. da-DK); roster gives surveys in it."),
		str("locale", "Default location for localisation, e.g. en-US; the survey language when preferredLanguage is absent."),
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
		valued("phoneNumbers", "Phone numbers of the employee, stored as sent.",
			str("value", "Phone number."),
			typeLabel("A label for the number: work, home, mobile, fax, pager or other.", "work", "home", "mobile", "fax", "pager", "other")),
		valued("ims", "Instant messaging addresses of the employee.",
			str("value", "Instant messaging address."),
			typeLabel("A label for the service, e.g. xmpp or skype.", "aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo")),
		valued("photos", "URLs of photos of the employee.",
			ref("value", "URL of a photo.", "external"),
			typeLabel("A label for the photo: photo or thumbnail.", "photo", "thumbnail")),
		multi("addresses", "Physical mailing addresses of the employee; the work address is their work location.",
			str("formatted", "The full address, as it is shown."),
			str("streetAddress", "The street address."),
			str("locality", "The city or locality."),
			str("region", "The state or region."),
			str("postalCode", "The zip or postal code."),
			str("country", "The country, as an ISO 3166-1 alpha-2 code (e.g. DK)."),
			typeLabel("A label for the address: work, home or other.", "work", "home", "other"),
			boolean("primary", "Whether this is the primary address; at most one is.")),
		readOnly(multi("groups", "Groups the employee belongs to; roster has no groups, so always empty.",
			readOnly(exact(str("value", "The id of the group."))),
			readOnly(ref("$ref", "The URI of the group.", "Group")),
			readOnly(str("display", "The group's name.")),
			readOnly(typeLabel("How the membership came about: direct or indirect.", "direct", "indirect")))),
		valued("entitlements", "Entitlements of the employee.",
			str("value", "The entitlement."),
			typeLabel("A label for the entitlement.")),
		valued("roles", "Roles of the employee.",
			str("value", "The role."),
			typeLabel("A label for the role.")),
		valued("x509Certificates", "X.509 certificates of the employee.",
			&Attribute{Name: "value", Type: Binary, Mutability: ReadWrite, Returned: Default, Uniqueness: None,
				Description: "A DER-encoded certificate, in base64."},
			typeLabel("A label for the certificate.")),
	},
}

// Enterprise is the enterprise User extension (RFC 7643 §4.3), whole.
var Enterprise = &Schema{
	ID:          EnterpriseURN,
	Name:        "EnterpriseUser",
	Description: "Enterprise User",
	Attributes: []*Attribute{
		numberAsText(str("employeeNumber", "Identifier of the employee within the organisation.")),
		str("costCenter", "Name of the employee's cost center."),
		str("organization", "Name of the employee's organisation."),
		str("division", "Name of the employee's division."),
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
