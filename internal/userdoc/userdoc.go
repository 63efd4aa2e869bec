// Package userdoc maps employees to and from their SCIM User
// representation: the canonical document that schema.Normalize produces
// and patch.Apply edits, and the full resource that responses render. The
// HTTP API and the store's contract tests (which check SQL filtering
// against filter.Match on this document) share it.
package userdoc

import (
	"strconv"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/schema"
)

// Doc returns the writable attributes of e as a canonical SCIM
// document (the form schema.Normalize produces and patch.Apply takes);
// defs are the company's attributes.
func Doc(e *directory.Employee, defs []directory.AttributeDef) map[string]any {
	doc := map[string]any{"active": e.Active}
	putTexts(doc, e)
	if len(e.Emails) > 0 {
		emails := make([]any, 0, len(e.Emails))
		for _, m := range e.Emails {
			// primary is always present so that "emails[primary eq false]"
			// means the same in memory (filter.Match) as in SQL.
			email := map[string]any{"value": m.Value, "primary": m.Primary}
			putString(email, "type", m.Type)
			emails = append(emails, email)
		}
		doc["emails"] = emails
	}
	putLists(doc, e)
	if e.Manager.Value != "" {
		ent, _ := doc[schema.EnterpriseURN].(map[string]any)
		if ent == nil {
			ent = map[string]any{}
			doc[schema.EnterpriseURN] = ent
		}
		ent["manager"] = map[string]any{"value": e.Manager.Value}
	}
	company := map[string]any{}
	for _, d := range defs {
		// An employee reference is returned as sent, so that a client
		// comparing what it sent with what it reads sees no difference.
		if v, ok := e.CanonicalAttribute(d); ok {
			company[d.Name] = v
		}
	}
	if len(company) > 0 {
		doc[schema.CompanyURN] = company
	}
	return doc
}

// Apply sets e's writable attributes from a canonical document,
// replacing all of them (PUT semantics). An absent "active" keeps the
// current status: deactivating an employee because a client left the
// attribute out would silently drop them from surveys. References keep
// their resolution when their value is unchanged; the store resolves the
// rest.
func Apply(e *directory.Employee, doc map[string]any, defs []directory.AttributeDef) {
	takeTexts(e, doc)
	if active, ok := doc["active"].(bool); ok {
		e.Active = active
	}
	e.Emails = nil
	emails, _ := doc["emails"].([]any)
	for _, item := range emails {
		m, _ := item.(map[string]any)
		if getString(m, "value") == "" {
			continue
		}
		primary, _ := m["primary"].(bool)
		e.Emails = append(e.Emails, directory.Email{Value: getString(m, "value"), Type: getString(m, "type"), Primary: primary})
	}
	takeLists(e, doc)
	ent, _ := doc[schema.EnterpriseURN].(map[string]any)
	manager, _ := ent["manager"].(map[string]any)
	e.Manager = keepReference(e.Manager, getString(manager, "value"))

	company, _ := doc[schema.CompanyURN].(map[string]any)
	old := e.Attributes
	e.Attributes = map[string]directory.AttributeValue{}
	for _, d := range defs {
		v, ok := company[d.Name]
		if !ok {
			continue
		}
		switch d.Type {
		case directory.TypeOption:
			e.Attributes[d.ID] = directory.AttributeValue{Text: asString(v)}
		case directory.TypeDate:
			e.Attributes[d.ID] = directory.AttributeValue{Date: asString(v)}
		case directory.TypeNumber:
			n, _ := schema.ToInteger(v)
			e.Attributes[d.ID] = directory.AttributeValue{Number: n}
		case directory.TypeEmployee:
			e.Attributes[d.ID] = directory.AttributeValue{Ref: keepReference(old[d.ID].Ref, asString(v))}
		}
	}
}

// keepReference returns a reference to value, keeping old's resolution
// when the value did not change.
func keepReference(old directory.Reference, value string) directory.Reference {
	if value == "" {
		return directory.Reference{}
	}
	if old.Value == value {
		return old
	}
	return directory.Reference{Value: value}
}

// Render is the full SCIM representation of e, with URLs under base (the
// SCIM base URL): the writable
// attributes plus id, schemas, meta and the manager's displayName and $ref.
func Render(base string, e *directory.Employee, defs []directory.AttributeDef) map[string]any {
	doc := Doc(e, defs)
	doc["id"] = e.ID
	schemas := []any{schema.UserURN}
	if ent, ok := doc[schema.EnterpriseURN].(map[string]any); ok {
		schemas = append(schemas, schema.EnterpriseURN)
		if m, ok := ent["manager"].(map[string]any); ok && e.Manager.TargetID != "" {
			m["$ref"] = base + "/Users/" + e.Manager.TargetID
			putString(m, "displayName", e.Manager.TargetName)
		}
	}
	if pending := e.PendingReferences(defs); len(pending) > 0 {
		company, _ := doc[schema.CompanyURN].(map[string]any)
		if company == nil {
			company = map[string]any{}
			doc[schema.CompanyURN] = company
		}
		list := make([]any, 0, len(pending))
		for _, p := range pending {
			list = append(list, map[string]any{"attribute": p.Attribute, "value": p.Value})
		}
		company["pendingReferences"] = list
	}
	if _, ok := doc[schema.CompanyURN]; ok {
		schemas = append(schemas, schema.CompanyURN)
	}
	doc["schemas"] = schemas
	doc["meta"] = map[string]any{
		"resourceType": "User",
		"created":      e.Created.UTC().Format(time.RFC3339Nano),
		"lastModified": e.LastModified.UTC().Format(time.RFC3339Nano),
		"location":     base + "/Users/" + e.ID,
		"version":      ETag(e.Version),
	}
	return doc
}

// ETag renders a version as a weak entity tag (RFC 7644 §3.14).
func ETag(version int64) string { return `W/"` + strconv.FormatInt(version, 10) + `"` }

func putString(m map[string]any, key, v string) {
	if v != "" {
		m[key] = v
	}
}

func getString(m map[string]any, key string) string { return asString(m[key]) }

func asString(v any) string {
	s, _ := v.(string)
	return s
}
