package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roster/internal/directory"
)

// TestAttributeEdit: the console's edit page — option rename rewriting
// values, removal of an option in use behind a confirmation that says
// how many employees hold it, rename keeping the old name, a type change
// refused with an example, open lists with their "new" badge — and the
// delete confirmation naming the connections that sent the attribute.
func TestAttributeEdit(t *testing.T) {
	e := newEnv(t)
	c, _ := e.company("Acme", "ada@acme.example")
	ctx := context.Background()
	b := e.browser()
	csrf := b.signIn("ada@acme.example", password)
	attr := directory.AttributeDef{ID: directory.NewID(), CompanyID: c.ID, Name: "Office", Type: directory.TypeOption, Options: []string{"NYC", "Paris"}}
	if err := e.store.CreateAttribute(ctx, &attr); err != nil {
		t.Fatal(err)
	}
	_, hash := directory.NewToken()
	conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Microsoft Entra ID", TokenHash: hash}
	if err := e.store.CreateConnection(ctx, &conn); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i, office := range []string{"NYC", "Paris", "Paris"} {
		emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: []string{"a", "b", "c"}[i] + "@acme.example", Active: true,
			Attributes: map[string]directory.AttributeValue{attr.ID: {Text: office}}}
		if err := e.store.CreateEmployee(ctx, &emp, directory.Actor{ConnectionID: conn.ID}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, emp.ID)
	}
	value := func(i int) string {
		t.Helper()
		got, err := e.store.Employee(ctx, c.ID, ids[i])
		if err != nil {
			t.Fatal(err)
		}
		return got.Attributes[attr.ID].Text
	}
	path := "/attributes/" + attr.ID
	form := func(name, aliases string, options ...string) url.Values {
		v := url.Values{"csrf": {csrf}, "name": {name}, "type": {"option"}, "aliases": {aliases}}
		for i := 0; i+1 < len(options); i += 2 {
			v.Add("option_old", options[i])
			v.Add("option_new", options[i+1])
		}
		return v
	}

	wantBody(t, "attribute page", b.get(path), `href="`+path+`/edit"`)
	wantBody(t, "edit page", b.get(path+"/edit"), `name="option_old" value="NYC"`, `name="option_new" value="Paris"`, `id="open"`)

	t.Run("RenameOption", func(t *testing.T) {
		v := form("Office", "", "NYC", "New York", "Paris", "Paris")
		v.Set("add_options", "Berlin\r\n")
		r := b.post(path+"/edit", v)
		wantStatus(t, "save", r, http.StatusSeeOther)
		wantBody(t, "after save", b.get(r.location), "The attribute is saved", "New York, Paris, Berlin")
		if got := value(0); got != "New York" {
			t.Errorf("value = %q; want New York", got)
		}
	})

	t.Run("RemoveOptionAsksFirst", func(t *testing.T) {
		v := form("Office", "", "New York", "New York", "Paris", "", "Berlin", "Berlin")
		r := b.post(path+"/edit", v)
		wantStatus(t, "remove in use", r, http.StatusOK)
		wantBody(t, "confirmation", r, "2 employees", `name="confirm" value="yes"`, `name="option_old" value="Paris"`, "cleared")
		if got := value(1); got != "Paris" {
			t.Fatalf("value before confirming = %q; want Paris kept", got)
		}
		confirm := url.Values{"csrf": {csrf}, "confirm": {"yes"}}
		for k, x := range v {
			if k != "csrf" {
				confirm[k] = x
			}
		}
		r = b.post(path+"/edit", confirm)
		wantStatus(t, "confirmed", r, http.StatusSeeOther)
		if got := value(1) + value(2); got != "" {
			t.Errorf("values after confirming = %q; want cleared", got)
		}
	})

	t.Run("RenameKeepsOldName", func(t *testing.T) {
		r := b.post(path+"/edit", form("Location", "Site", "New York", "New York", "Berlin", "Berlin"))
		wantStatus(t, "rename", r, http.StatusSeeOther)
		got, _ := e.store.Attribute(ctx, c.ID, attr.ID)
		if got.Name != "Location" || strings.Join(got.Aliases, ",") != "Office,Site" {
			t.Errorf("after rename: %q %q; want Location [Office Site]", got.Name, got.Aliases)
		}
		wantBody(t, "page after rename", b.get(path), "<code>Office</code>", "<code>Site</code>")
	})

	t.Run("TypeChangeRefused", func(t *testing.T) {
		v := form("Location", "Office, Site")
		v.Set("type", "number")
		r := b.post(path+"/edit", v)
		wantStatus(t, "type change", r, http.StatusBadRequest)
		wantBody(t, "type change", r, "1 of 1 values", `"New York"`, "not a whole number", `value="Location"`)
	})

	t.Run("OpenList", func(t *testing.T) {
		v := form("Location", "Office, Site", "New York", "New York", "Berlin", "Berlin")
		v.Set("open", "on")
		wantStatus(t, "open", b.post(path+"/edit", v), http.StatusSeeOther)
		emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "d@acme.example", Active: true,
			Attributes: map[string]directory.AttributeValue{attr.ID: {Text: "Lisbon"}}}
		if err := e.store.CreateEmployee(ctx, &emp, directory.Actor{ConnectionID: conn.ID}); err != nil {
			t.Fatalf("an open list refused a new value: %v", err)
		}
		wantBody(t, "new badge", b.get(path), `Lisbon <span class="badge warn">new</span>`, "Acknowledge new options")
		wantBody(t, "list badge", b.get("/attributes"), "1 new")
		wantStatus(t, "acknowledge", b.post(path+"/acknowledge", url.Values{"csrf": {csrf}}), http.StatusSeeOther)
		wantNoBody(t, "after acknowledging", b.get(path), `<span class="badge warn">new</span>`)
	})

	t.Run("Logged", func(t *testing.T) {
		entries, _, err := e.store.ActivityLog(ctx, c.ID, directory.ActivityQuery{Operation: directory.OpAttributeChanged, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, x := range entries {
			all = append(all, x.Detail)
		}
		text := strings.Join(all, "\n")
		for _, want := range []string{`option "NYC" renamed to "New York"`, `removed option "Paris" (2 employees cleared)`, `renamed from "Office"`, "list now open", "new options acknowledged"} {
			if !strings.Contains(text, want) {
				t.Errorf("activity log lacks %q:\n%s", want, text)
			}
		}
	})

	t.Run("DeleteNamesSenders", func(t *testing.T) {
		wantBody(t, "delete page", b.get(path+"/delete"), "Sent in the last 30 days by", "Microsoft Entra ID — 4 writes")
	})
}
