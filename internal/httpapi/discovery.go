package httpapi

import (
	"net/http"
	"strings"

	"roster/internal/scim/schema"
)

// Discovery endpoints (RFC 7644 §4). They describe only what roster
// implements, per company, so that attribute-mapping screens show the truth.

const (
	spcSchema          = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	resourceTypeSchema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	schemaSchema       = "urn:ietf:params:scim:schemas:core:2.0:Schema"
)

func (s *Server) serviceProviderConfig(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"schemas":        []string{spcSchema},
		"patch":          map[string]any{"supported": true},
		"bulk":           map[string]any{"supported": true, "maxOperations": s.bulkMaxOps, "maxPayloadSize": s.bulkMaxPayload},
		"filter":         map[string]any{"supported": true, "maxResults": maxCount},
		"changePassword": map[string]any{"supported": false},
		"sort":           map[string]any{"supported": true},
		"etag":           map[string]any{"supported": true},
		"authenticationSchemes": []any{map[string]any{
			"type":        "oauthbearertoken",
			"name":        "Bearer token",
			"description": "A per-connection bearer token created in roster's console (Integrations → Employee provisioning) or with `roster token create`.",
			"primary":     true,
		}},
		"meta": map[string]any{"resourceType": "ServiceProviderConfig", "location": s.base(r) + "/ServiceProviderConfig"},
	})
}

func (s *Server) renderResourceType(r *http.Request, rt *schema.ResourceType) map[string]any {
	var exts []any
	for _, e := range rt.Extensions {
		exts = append(exts, map[string]any{"schema": e.ID, "required": false})
	}
	return map[string]any{
		"schemas":          []string{resourceTypeSchema},
		"id":               rt.Name,
		"name":             rt.Name,
		"endpoint":         rt.Endpoint,
		"description":      "Employees of the company",
		"schema":           rt.Core.ID,
		"schemaExtensions": exts,
		"meta":             map[string]any{"resourceType": "ResourceType", "location": s.base(r) + "/ResourceTypes/" + rt.Name},
	}
}

func (s *Server) resourceTypes(w http.ResponseWriter, r *http.Request) {
	rt, _, err := s.userType(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	res := []any{s.renderResourceType(r, rt)}
	writeJSON(w, http.StatusOK, newListResponse(len(res), 1, res))
}

func (s *Server) resourceType(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.PathValue("name"), "User") {
		writeError(w, r, notFound("no resource type %q; roster serves only \"User\"", r.PathValue("name")))
		return
	}
	rt, _, err := s.userType(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.renderResourceType(r, rt))
}

func (s *Server) schemas(w http.ResponseWriter, r *http.Request) {
	rt, _, err := s.userType(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	var res []any
	for _, sc := range rt.Schemas() {
		res = append(res, s.renderSchema(r, sc))
	}
	writeJSON(w, http.StatusOK, newListResponse(len(res), 1, res))
}

func (s *Server) schemaByURN(w http.ResponseWriter, r *http.Request) {
	rt, _, err := s.userType(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	sc := rt.Schema(r.PathValue("urn"))
	if sc == nil {
		writeError(w, r, notFound("no schema %q", r.PathValue("urn")))
		return
	}
	writeJSON(w, http.StatusOK, s.renderSchema(r, sc))
}

func (s *Server) renderSchema(r *http.Request, sc *schema.Schema) map[string]any {
	attrs := make([]any, 0, len(sc.Attributes))
	for _, a := range sc.Attributes {
		attrs = append(attrs, renderAttribute(a))
	}
	return map[string]any{
		"schemas":     []string{schemaSchema},
		"id":          sc.ID,
		"name":        sc.Name,
		"description": sc.Description,
		"attributes":  attrs,
		"meta":        map[string]any{"resourceType": "Schema", "location": s.base(r) + "/Schemas/" + sc.ID},
	}
}

// renderAttribute is an attribute definition as RFC 7643 §7 spells it.
func renderAttribute(a *schema.Attribute) map[string]any {
	m := map[string]any{
		"name":        a.Name,
		"type":        a.Type,
		"multiValued": a.MultiValued,
		"description": a.Description,
		"required":    a.Required,
		"caseExact":   a.CaseExact,
		"mutability":  a.Mutability,
		"returned":    a.Returned,
		"uniqueness":  a.Uniqueness,
	}
	if len(a.CanonicalValues) > 0 {
		m["canonicalValues"] = a.CanonicalValues
	}
	if len(a.ReferenceTypes) > 0 {
		m["referenceTypes"] = a.ReferenceTypes
	}
	if len(a.SubAttributes) > 0 {
		subs := make([]any, 0, len(a.SubAttributes))
		for _, sub := range a.SubAttributes {
			subs = append(subs, renderAttribute(sub))
		}
		m["subAttributes"] = subs
	}
	return m
}
