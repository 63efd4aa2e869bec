package directory

import "context"

// AttributeStore keeps company-defined attribute definitions. It is part
// of Store.
type AttributeStore interface {
	// CreateAttribute stores a (ID and CompanyID set, Validate passed). A
	// name or alias already used by another attribute of the company,
	// compared case-insensitively, is EConflict.
	CreateAttribute(ctx context.Context, a *AttributeDef) error
	// Attributes lists the company's attributes in creation order.
	Attributes(ctx context.Context, companyID string) ([]AttributeDef, error)
	// Attribute returns the company's attribute with the id; ENotFound
	// for an id of another company.
	Attribute(ctx context.Context, companyID, id string) (AttributeDef, error)
	// SetAttributeAliases replaces the aliases (same conflict rule).
	SetAttributeAliases(ctx context.Context, companyID, id string, aliases []string) (AttributeDef, error)
	// CountAttributeValues counts the employees holding a value of it.
	CountAttributeValues(ctx context.Context, companyID, id string) (int, error)
	// DeleteAttribute removes the attribute and all its values and returns
	// how many values went; each employee that lost one counts as changed
	// (version and modification time move).
	DeleteAttribute(ctx context.Context, companyID, id string) (int, error)
}
