package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roster/internal/directory"
)

// TestAdminActionsLogged: the console's actions on connections and
// attributes are in the activity log with the admin as actor, the
// connection they concern, and, for a deleted attribute, how many values
// went.
func TestAdminActionsLogged(t *testing.T) {
	e := newEnv(t)
	c, admin := e.company("Acme", "ada@acme.example")
	ctx := context.Background()
	b := e.browser()
	csrf := b.signIn("ada@acme.example", password)

	b.revealed("enable", b.post("/integrations/connections", url.Values{"csrf": {csrf}, "label": {"Okta"}}))
	conns, _ := e.store.Connections(ctx, c.ID)
	conn := conns[0].ID
	b.revealed("rotate", b.post("/integrations/connections/"+conn+"/rotate", url.Values{"csrf": {csrf}, "grace": {"1h"}}))
	wantStatus(t, "pause", b.post("/integrations/provisioning", url.Values{"csrf": {csrf}, "provisioning": {"off"}}), http.StatusSeeOther)
	wantStatus(t, "resume", b.post("/integrations/provisioning", url.Values{"csrf": {csrf}, "provisioning": {"on"}}), http.StatusSeeOther)
	wantStatus(t, "revoke", b.post("/integrations/connections/"+conn+"/revoke", url.Values{"csrf": {csrf}}), http.StatusSeeOther)
	wantStatus(t, "attribute", b.post("/attributes", url.Values{"csrf": {csrf}, "name": {"Team"}, "type": {"option"}, "options": {"A\nB"}}), http.StatusSeeOther)
	defs, _ := e.store.Attributes(ctx, c.ID)
	emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "bob@acme.example", Active: true,
		Attributes: map[string]directory.AttributeValue{defs[0].ID: {Text: "A"}}}
	if err := e.store.CreateEmployee(ctx, &emp, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "aliases", b.post("/attributes/"+defs[0].ID+"/aliases", url.Values{"csrf": {csrf}, "aliases": {"Squad"}}), http.StatusSeeOther)
	wantStatus(t, "delete attribute", b.post("/attributes/"+defs[0].ID+"/delete", url.Values{"csrf": {csrf}}), http.StatusSeeOther)

	entries, _, err := e.store.ActivityLog(ctx, c.ID, directory.ActivityQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range entries {
		if x.AdminID == "" {
			continue // the employee's own create
		}
		if x.AdminID != admin.ID || x.Client != directory.ClientConsole {
			t.Errorf("entry %+v: want admin %s, client console", x, admin.ID)
		}
		got = append([]string{x.Operation + " [" + x.ConnectionID + "] " + x.Detail}, got...)
	}
	want := []string{
		directory.OpConnectionCreated + " [" + conn + `] connection "Okta" created`,
		directory.OpConnectionRotated + " [" + conn + `] connection "Okta": new token`,
		directory.OpProvisioningPaused + " [] employee provisioning paused",
		directory.OpProvisioningResume + " [] employee provisioning resumed",
		directory.OpConnectionRevoked + " [" + conn + `] connection "Okta" revoked`,
		directory.OpAttributeCreated + ` [] attribute "Team" (option) created`,
		directory.OpAttributeChanged + ` [] attribute "Team": aliases now "Squad"`,
		directory.OpAttributeDeleted + ` [] attribute "Team" deleted with its 1 values`,
	}
	if len(got) != len(want) {
		t.Fatalf("admin entries:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("entry %d = %q; want it to start with %q", i+1, got[i], want[i])
		}
	}
}
