package httpapi

import (
	"context"
	"sync"

	"roster/internal/directory"
	"roster/internal/scim/schema"
)

// schemaCache keeps each company's SCIM schema (its attribute definitions
// and the resource type built from them) with the attributes version it
// was read at. A request knows the current version from its token's query
// (directory.Caller), so it reuses the schema while the version is the
// same and reads the definitions again the moment any instance or process
// changes them: never a stale schema, and no query for the definitions in
// the common case.
type schemaCache struct {
	mu sync.Mutex
	m  map[string]companySchema
}

type companySchema struct {
	version int64
	defs    []directory.AttributeDef
	// rt is shared by the requests of the version: read-only.
	rt *schema.ResourceType
}

// maxCachedSchemas bounds the cache; past it, arbitrary companies are
// dropped (and read again on their next request).
const maxCachedSchemas = 10000

// get returns the company's schema at version, reading it when the cache
// holds another.
func (c *schemaCache) get(ctx context.Context, st directory.Store, companyID string, version int64) (companySchema, error) {
	c.mu.Lock()
	sc, ok := c.m[companyID]
	c.mu.Unlock()
	if ok && sc.version == version {
		return sc, nil
	}
	defs, read, err := st.AttributesVersioned(ctx, companyID)
	if err != nil {
		return companySchema{}, err
	}
	sc = companySchema{version: read, defs: defs, rt: schema.UserType(directory.CompanySchema(defs))}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]companySchema{}
	}
	if len(c.m) >= maxCachedSchemas {
		for k := range c.m {
			delete(c.m, k)
			if len(c.m) < maxCachedSchemas/2 {
				break
			}
		}
	}
	// A newer version than the caller's (changed meanwhile) is kept too:
	// the next request will ask for it.
	if old, ok := c.m[companyID]; !ok || old.version <= read {
		c.m[companyID] = sc
	}
	return sc, nil
}
