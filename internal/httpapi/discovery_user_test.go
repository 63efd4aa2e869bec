package httpapi_test

import (
	"slices"
	"testing"
)

// TestDiscoveryWholeUser: /Schemas lists every RFC 7643 §4.1 core and
// §4.3 enterprise attribute roster stores, with RFC 7643 §7
// characteristics, and nothing it does not store (password).
func TestDiscoveryWholeUser(t *testing.T) {
	e := newEnv(t)
	attrs := func(urn string) map[string]map[string]any {
		t.Helper()
		r := e.do("GET", "/scim/v2/Schemas/"+urn, nil)
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
		out := map[string]map[string]any{}
		for _, a := range r.body["attributes"].([]any) {
			m := a.(map[string]any)
			out[m["name"].(string)] = m
		}
		return out
	}
	sub := func(a map[string]any, name string) map[string]any {
		t.Helper()
		subs, _ := a["subAttributes"].([]any)
		for _, s := range subs {
			if m := s.(map[string]any); m["name"] == name {
				return m
			}
		}
		t.Fatalf("%s has no sub-attribute %s", a["name"], name)
		return nil
	}
	core := attrs("urn:ietf:params:scim:schemas:core:2.0:User")
	for _, name := range []string{"userName", "name", "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage",
		"locale", "timezone", "active", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates"} {
		if core[name] == nil {
			t.Errorf("core schema lacks %s", name)
		}
	}
	if core["password"] != nil {
		t.Error("core schema lists password, which roster never stores")
	}
	for _, name := range []string{"middleName", "honorificPrefix", "honorificSuffix"} {
		sub(core["name"], name)
	}
	t.Run("MultiValuedCharacteristics", func(t *testing.T) {
		phones := core["phoneNumbers"]
		if phones["multiValued"] != true || phones["type"] != "complex" || phones["mutability"] != "readWrite" {
			t.Errorf("phoneNumbers = %v", phones)
		}
		canon, _ := sub(phones, "type")["canonicalValues"].([]any)
		for _, want := range []string{"work", "home", "mobile", "fax", "pager", "other"} {
			if !slices.Contains(canon, any(want)) {
				t.Errorf("phoneNumbers.type canonicalValues %v lack %s", canon, want)
			}
		}
		if sub(phones, "primary")["type"] != "boolean" {
			t.Error("phoneNumbers.primary is not boolean")
		}
		for _, part := range []string{"formatted", "streetAddress", "locality", "region", "postalCode", "country", "type", "primary"} {
			sub(core["addresses"], part)
		}
		if core["groups"]["mutability"] != "readOnly" {
			t.Errorf("groups mutability = %v; want readOnly", core["groups"]["mutability"])
		}
		if sub(core["x509Certificates"], "value")["type"] != "binary" {
			t.Error("x509Certificates.value is not binary")
		}
		if core["profileUrl"]["type"] != "reference" {
			t.Error("profileUrl is not a reference")
		}
	})
	ent := attrs("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
	for _, name := range []string{"employeeNumber", "costCenter", "organization", "division", "department", "manager"} {
		if ent[name] == nil {
			t.Errorf("enterprise schema lacks %s", name)
		}
	}
}
