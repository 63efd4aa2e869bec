package directory

import (
	"context"
	"time"
)

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
	// EditAttribute applies the edit (AttributeEdit.Apply, same conflict
	// rule as CreateAttribute) and its consequences for stored values in
	// one transaction, all or nothing: an option rename rewrites the
	// values holding it; a removed option's values are cleared, and
	// unless edit.Confirmed the edit is refused (EConflict, KindConfirm,
	// saying how many employees hold them) when any employee does; a type
	// change (or an option list that stops taking any text) is EInvalid
	// unless every stored value converts (ConvertValue), saying how many
	// do not with an example, and otherwise converts them all. Every
	// employee whose value changed counts as changed (version and
	// modification time move). Employee writes of the company wait for
	// it, so none sees half an edit.
	EditAttribute(ctx context.Context, companyID, id string, edit AttributeEdit) (AttributeEditResult, error)
	// AttributeSenders lists the connections whose writes changed a value
	// of the attribute at or after since, by the activity log (which
	// keeps each write's diff), most recent first.
	AttributeSenders(ctx context.Context, companyID, id string, since time.Time) ([]AttributeSender, error)
	// CountAttributeValues counts the employees holding a value of it.
	CountAttributeValues(ctx context.Context, companyID, id string) (int, error)
	// DeleteAttribute removes the attribute and all its values and returns
	// how many values went; each employee that lost one counts as changed
	// (version and modification time move).
	DeleteAttribute(ctx context.Context, companyID, id string) (int, error)
}

// AttributeSender is a connection that wrote an attribute's values.
type AttributeSender struct {
	ConnectionID string
	// Writes counts its writes that changed a value; Last is the latest.
	Writes int
	Last   time.Time
}

// SenderWindow is how far back deleting an attribute looks for the
// connections that sent it: they would be refused once it is gone.
const SenderWindow = 30 * 24 * time.Hour
