package directory

import "context"

// Caller is who makes a SCIM request, read in one query from its token:
// the connection, its company, and the version of the company's attribute
// definitions, which tells whether a schema built from them earlier still
// holds. Every request reads it anew — first, or with the request's own
// read (CallerCheck) before it answers — so a revoked token or a paused
// company is refused on its very next request, on every instance and
// whichever process made the change.
type Caller struct {
	Connection Connection
	Company    Company
	// AttributesVersion changes with every change of the company's
	// attribute definitions (AttributeStore).
	AttributesVersion int64
}

// CallerStore reads callers. It is part of Store.
type CallerStore interface {
	// CallerByTokenHash finds the connection holding a token (revoked or
	// not; callers check Usable) with its company; ENotFound when none.
	CallerByTokenHash(ctx context.Context, hash []byte) (Caller, error)
	// AttributesVersioned is Attributes with the AttributesVersion they
	// are at, read together.
	AttributesVersioned(ctx context.Context, companyID string) ([]AttributeDef, int64, error)
}
