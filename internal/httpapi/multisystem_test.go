package httpapi_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/schema"
)

// TestEntraThenHRPut is two systems on one company: Entra creates an
// employee with title, manager and a company attribute; an HR system then
// PUTs its own profile. What Entra wrote survives, each system finds the
// employee by its own externalId, provenance names the right connection
// per attribute, and with HR the owner of department (and active),
// Entra's writes of them are not applied, not refused.
func TestEntraThenHRPut(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) { entraThenHRPut(t, backend) })
	}
}

func entraThenHRPut(t *testing.T, backend string) {
	e := newEnvOn(t, backend, nil)
	ctx := context.Background()
	site := e.newAttribute("Site", directory.TypeOption, nil, nil)
	entra, hr := e.newToken(e.company.ID, "Microsoft Entra ID"), e.newToken(e.company.ID, "Workday HR")
	conns := map[string]string{}
	list, err := e.store.Connections(ctx, e.company.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		conns[c.Label] = c.ID
	}
	entraID, hrID := conns["Microsoft Entra ID"], conns["Workday HR"]
	const ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	const company = schema.CompanyURN

	boss := e.doAs(entra, "POST", "/scim/v2/Users", map[string]any{"userName": "boss@acme.example", "externalId": "entra-boss"}, nil)
	wantStatus(t, boss, 201)
	ada := e.doAs(entra, "POST", "/scim/v2/Users", map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:schemas:core:2.0:User", ent, company},
		"userName":   "ada@acme.example",
		"externalId": "entra-guid-ada",
		"title":      "Engineer",
		"name":       map[string]any{"givenName": "Ada", "familyName": "Lovelace"},
		ent:          map[string]any{"department": "R&D", "manager": map[string]any{"value": boss.body["id"]}},
		company:      map[string]any{"Site": "Paris"},
	}, nil)
	wantStatus(t, ada, 201)
	id := ada.body["id"].(string)

	// HR's PUT of its own profile: no title, manager nor Site.
	put := e.doAs(hr, "PUT", "/scim/v2/Users/"+id, map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:schemas:core:2.0:User", ent},
		"userName":   "ada@acme.example",
		"externalId": "WD-1001",
		"name":       map[string]any{"givenName": "Ada", "familyName": "King"},
		"emails":     []any{map[string]any{"value": "ada@hr.acme.example", "type": "work", "primary": true}},
		ent:          map[string]any{"department": "Research"},
	}, nil)
	wantStatus(t, put, 200)
	if put.body["externalId"] != "WD-1001" {
		t.Errorf("HR's PUT answers externalId %v; want its own WD-1001", put.body["externalId"])
	}
	got := e.doAs(entra, "GET", "/scim/v2/Users/"+id, nil, nil)
	wantStatus(t, got, 200)
	if got.body["title"] != "Engineer" {
		t.Errorf("title after HR's PUT = %v; want Entra's Engineer", got.body["title"])
	}
	ext, _ := got.body[ent].(map[string]any)
	if m, _ := ext["manager"].(map[string]any); m == nil || m["value"] != boss.body["id"] {
		t.Errorf("manager after HR's PUT = %v; want Entra's", ext["manager"])
	}
	if ext["department"] != "Research" {
		t.Errorf("department = %v; want HR's Research", ext["department"])
	}
	if c, _ := got.body[company].(map[string]any); c["Site"] != "Paris" {
		t.Errorf("Site after HR's PUT = %v; want Entra's Paris", got.body[company])
	}
	if got.body["externalId"] != "entra-guid-ada" {
		t.Errorf("Entra reads externalId %v; want its own", got.body["externalId"])
	}

	// Each connection's externalId eq finds the employee, with its value;
	// neither finds it by the other's.
	find := func(token, value string) []any {
		t.Helper()
		r := e.doAs(token, "GET", "/scim/v2/Users?filter="+url.QueryEscape(`externalId eq "`+value+`"`), nil, nil)
		wantStatus(t, r, 200)
		res, _ := r.body["Resources"].([]any)
		return res
	}
	for _, tc := range []struct {
		who, token, value string
		want              int
	}{
		{"Entra", entra, "entra-guid-ada", 1}, {"HR", hr, "WD-1001", 1},
		{"Entra", entra, "WD-1001", 0}, {"HR", hr, "entra-guid-ada", 0},
	} {
		res := find(tc.token, tc.value)
		if len(res) != tc.want {
			t.Errorf("%s: externalId eq %q found %d; want %d", tc.who, tc.value, len(res), tc.want)
			continue
		}
		if tc.want == 1 && res[0].(map[string]any)["externalId"] != tc.value {
			t.Errorf("%s: found with externalId %v; want %q", tc.who, res[0].(map[string]any)["externalId"], tc.value)
		}
	}

	// Provenance per attribute.
	stored, err := e.store.Employee(ctx, e.company.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	for attr, want := range map[string]string{
		"title": entraID, "manager": entraID, directory.CompanyAttribute(site.ID): entraID,
		"department": hrID, "name.familyName": hrID, "emails": hrID, "name.givenName": entraID,
	} {
		if got := stored.Provenance[attr].ConnectionID; got != want {
			t.Errorf("%s last set by %q; want %q", attr, got, want)
		}
	}
	if stored.LastWriter.ConnectionID != hrID {
		t.Errorf("last writer %q; want HR %q", stored.LastWriter.ConnectionID, hrID)
	}
	if stored.ExternalIDOf(entraID) != "entra-guid-ada" || stored.ExternalIDOf(hrID) != "WD-1001" {
		t.Errorf("externalIds %v", stored.ExternalIDs)
	}

	// HR owns department and active: Entra's writes of them succeed
	// without being applied, and are recorded as not applied.
	for _, attr := range []string{"department", "active"} {
		if err := e.store.SetOwner(ctx, e.company.ID, attr, hrID); err != nil {
			t.Fatal(err)
		}
	}
	patch := e.doAs(entra, "PATCH", "/scim/v2/Users/"+id, map[string]any{
		"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{
			map[string]any{"op": "Replace", "path": ent + ":department", "value": "Sales"},
			map[string]any{"op": "Replace", "path": "title", "value": "Staff Engineer"},
			map[string]any{"op": "Replace", "path": "active", "value": "False"},
		},
	}, nil)
	wantStatus(t, patch, 200)
	if ext, _ := patch.body[ent].(map[string]any); ext["department"] != "Research" || patch.body["title"] != "Staff Engineer" || patch.body["active"] != true {
		t.Errorf("after Entra's PATCH: department %v, title %v, active %v; want Research, Staff Engineer, true", ext["department"], patch.body["title"], patch.body["active"])
	}
	acts, err := e.store.Activity(ctx, e.company.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, a := range acts {
		if a.Kind == directory.ActivityNotApplied && a.ConnectionID == entraID {
			details = append(details, a.Detail)
		}
	}
	if want := []string{"active not applied: owned by Workday HR", "department not applied: owned by Workday HR"}; !slices.Equal(details, want) {
		t.Errorf("not applied entries %q; want %q", details, want)
	}

	// The owner deactivates; the status history names it.
	off := e.doAs(hr, "PATCH", "/scim/v2/Users/"+id, map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"active": false}}},
	}, nil)
	wantStatus(t, off, 200)
	hist, err := e.store.StatusHistory(ctx, e.company.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	if last := hist[len(hist)-1]; last.Active || last.ConnectionID != hrID || len(hist) != 2 {
		t.Errorf("status history %+v; want created by Entra, then deactivated by HR", hist)
	}
}

func wantStatus(t *testing.T, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d; want %d: %s", r.status, status, r.raw)
	}
}

// Okta's externalId is Okta's own: its PUT leaving it out clears it,
// whether or not another connection wrote its own externalId meanwhile
// (the answer used to depend on that).
func TestPutClearsOwnExternalID(t *testing.T) {
	e := newEnvOn(t, "sqlite", nil)
	okta, entra := e.newToken(e.company.ID, "Okta"), e.newToken(e.company.ID, "Microsoft Entra ID")
	for _, entraWritesBetween := range []bool{false, true} {
		userName := "ext-" + map[bool]string{false: "alone", true: "between"}[entraWritesBetween] + "@acme.example"
		created := e.doAs(okta, "POST", "/scim/v2/Users", map[string]any{"userName": userName, "externalId": "OK-2"}, nil)
		wantStatus(t, created, 201)
		id := created.body["id"].(string)
		if entraWritesBetween {
			wantStatus(t, e.doAs(entra, "PUT", "/scim/v2/Users/"+id, map[string]any{"userName": userName, "externalId": "EN-2"}, nil), 200)
		}
		wantStatus(t, e.doAs(okta, "PUT", "/scim/v2/Users/"+id, map[string]any{"userName": userName}, nil), 200)
		if got := e.doAs(okta, "GET", "/scim/v2/Users/"+id, nil, nil); got.body["externalId"] != nil {
			t.Errorf("Entra wrote between: %v; Okta's externalId after its PUT left it out = %v, want none", entraWritesBetween, got.body["externalId"])
		}
		if entraWritesBetween {
			if got := e.doAs(entra, "GET", "/scim/v2/Users/"+id, nil, nil); got.body["externalId"] != "EN-2" {
				t.Errorf("Entra's externalId after Okta's PUT = %v; want its EN-2", got.body["externalId"])
			}
		}
	}
}

// Okta edits the representation it fetched and PUTs it back, with its
// mapping's keys beside the fetched ones: an attribute under its alias
// (Okta allows no spaces) next to the same attribute under the name the
// GET returned. The mapping's value is the one applied, every time.
func TestOktaPutsBackTheFetchedObject(t *testing.T) {
	e := newEnvOn(t, "sqlite", nil)
	e.newAttribute("Employed since", directory.TypeDate, []string{"Employed_Since"}, nil)
	okta := e.newToken(e.company.ID, "Okta")
	const company = schema.CompanyURN
	created := e.doAs(okta, "POST", "/scim/v2/Users", map[string]any{"userName": "kim@acme.example",
		company: map[string]any{"Employed_Since": "2019-05-01"}}, nil)
	wantStatus(t, created, 201)
	id := created.body["id"].(string)
	for range 8 { // a coin toss would fail one of eight
		fetched := e.doAs(okta, "GET", "/scim/v2/Users/"+id, nil, nil)
		wantStatus(t, fetched, 200)
		body := fetched.body
		body[company].(map[string]any)["Employed_Since"] = "2020-02-02" // the mapping's key, beside the fetched "Employed since"
		put := e.doAs(okta, "PUT", "/scim/v2/Users/"+id, body, nil)
		wantStatus(t, put, 200)
		if got := put.body[company].(map[string]any)["Employed since"]; got != "2020-02-02" {
			t.Fatalf("after Okta's PUT: %v; want the mapping's 2020-02-02", got)
		}
		// Back, for the next round.
		wantStatus(t, e.doAs(okta, "PUT", "/scim/v2/Users/"+id, map[string]any{"userName": "kim@acme.example",
			company: map[string]any{"Employed_Since": "2019-05-01"}}, nil), 200)
	}
}
