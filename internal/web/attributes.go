package web

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"roster/internal/directory"
	"roster/internal/scim/schema"
)

// attributeRow is an attribute as the console lists it.
type attributeRow struct {
	directory.AttributeDef
	// Path is the full SCIM path identity providers map to, "" when no
	// name or alias can appear in a path (the name has spaces and there
	// is no alias).
	Path     string
	PathName string
	// AllNames is the name followed by the aliases.
	AllNames []string
}

func attributeRowOf(d directory.AttributeDef) attributeRow {
	row := attributeRow{AttributeDef: d, PathName: d.PathName(), AllNames: d.Names()}
	if row.PathName != "" {
		row.Path = schema.CompanyURN + ":" + row.PathName
	}
	return row
}

// attributesData is the attributes page's data.
type attributesData struct {
	URN        string
	Attributes []attributeRow
	Types      []directory.AttributeType
	Form       attributeForm
	Error      string
}

// attributeForm is the create form as submitted, shown again on error.
type attributeForm struct {
	Name, Type, Options, Aliases string
	Open                         bool
}

// splitList splits a list typed into a form field at commas and line
// breaks, dropping blanks.
func splitList(s string, commas bool) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		parts := []string{line}
		if commas {
			parts = strings.Split(line, ",")
		}
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func (s *Server) attributesPage(w http.ResponseWriter, r *http.Request, status int, form attributeForm, msg string) {
	defs, err := s.store.Attributes(r.Context(), sessionOf(r).CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := attributesData{URN: schema.CompanyURN, Types: directory.AttributeTypes, Form: form, Error: msg}
	for _, def := range defs {
		d.Attributes = append(d.Attributes, attributeRowOf(def))
	}
	if d.Form.Type == "" {
		d.Form.Type = string(directory.TypeOption)
	}
	s.render(w, r, status, "attributes", page{Title: "Attributes", Nav: "attributes", Data: d})
}

// maxAttributeName is the longest attribute name, in characters (the
// form's maxlength; AttributeDef.Validate).
const maxAttributeName = 100

// attributes lists the attributes. A name in the address prefills the
// create form: the failure view links here to create an attribute that
// an identity provider sends but the company does not have.
func (s *Server) attributes(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.URL.Query().Get("name"))
	if utf8.RuneCountInString(name) > maxAttributeName { // no valid name: an empty form
		name = ""
	}
	s.attributesPage(w, r, http.StatusOK, attributeForm{Name: name}, "")
}

// createAttribute defines a new company attribute.
func (s *Server) createAttribute(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	form := attributeForm{
		Name: r.PostFormValue("name"), Type: r.PostFormValue("type"),
		Options: r.PostFormValue("options"), Aliases: r.PostFormValue("aliases"),
		Open: r.PostFormValue("open") != "",
	}
	def := &directory.AttributeDef{
		ID: directory.NewID(), CompanyID: sess.CompanyID, Name: form.Name,
		Type: directory.AttributeType(form.Type), Aliases: splitList(form.Aliases, true),
	}
	if def.Type == directory.TypeOption {
		def.Options, def.Open = splitList(form.Options, false), form.Open
	}
	err := def.ValidateNew()
	if err == nil {
		err = s.store.CreateAttribute(r.Context(), def)
	}
	if msg := userMessage(err); msg != "" {
		s.attributesPage(w, r, http.StatusBadRequest, form, msg)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("console: attribute created", "company", sess.CompanyID, "attribute", def.ID, "admin", sess.AdminID)
	s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, directory.OpAttributeCreated, "", fmt.Sprintf("attribute %q (%s) created", def.Name, def.Type))
	redirect(w, r, "/attributes/"+def.ID, "attrcreated")
}

// attributeData is one attribute's page.
type attributeData struct {
	Attr    attributeRow
	URN     string
	Values  int
	Aliases string
	Error   string
}

// attributeWithCount loads the attribute named in the URL and how many
// employees hold a value of it; on failure it has answered the request.
func (s *Server) attributeWithCount(w http.ResponseWriter, r *http.Request) (directory.AttributeDef, int, bool) {
	sess := sessionOf(r)
	def, err := s.store.Attribute(r.Context(), sess.CompanyID, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return def, 0, false
	}
	n, err := s.store.CountAttributeValues(r.Context(), sess.CompanyID, def.ID)
	if err != nil {
		s.fail(w, r, err)
		return def, 0, false
	}
	return def, n, true
}

func (s *Server) attributePage(w http.ResponseWriter, r *http.Request, status int, aliases, msg string) {
	def, n, ok := s.attributeWithCount(w, r)
	if !ok {
		return
	}
	if msg == "" {
		aliases = strings.Join(def.Aliases, ", ")
	}
	s.render(w, r, status, "attribute", page{Title: def.Name, Nav: "attributes", Data: attributeData{
		Attr: attributeRowOf(def), URN: schema.CompanyURN, Values: n, Aliases: aliases, Error: msg,
	}})
}

func (s *Server) attribute(w http.ResponseWriter, r *http.Request) {
	s.attributePage(w, r, http.StatusOK, "", "")
}

// setAliases replaces an attribute's aliases.
func (s *Server) setAliases(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id := r.PathValue("id")
	def, err := s.store.Attribute(r.Context(), sess.CompanyID, id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	text := r.PostFormValue("aliases")
	// The rules (path-safe, no duplicates, not the name, not reserved,
	// unique in the company) live in the domain and the store.
	res, err := s.store.EditAttribute(r.Context(), sess.CompanyID, id, directory.AliasesEdit(def, splitList(text, true)))
	if msg := userMessage(err); msg != "" {
		s.attributePage(w, r, http.StatusBadRequest, text, msg)
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, directory.OpAttributeChanged, "",
		fmt.Sprintf("attribute %q: aliases now %s", def.Name, aliasList(res.Attribute.Aliases)))
	redirect(w, r, "/attributes/"+id, "aliases")
}

// deleteData is the delete confirmation page's data.
type deleteData struct {
	Attr   directory.AttributeDef
	Values int
	// Senders are the connections that sent it in the last 30 days:
	// their writes of it are refused once it is gone.
	Senders []senderRow
}

// deleteAttributePage asks for confirmation, saying how many values go.
func (s *Server) deleteAttributePage(w http.ResponseWriter, r *http.Request) {
	def, n, ok := s.attributeWithCount(w, r)
	if !ok {
		return
	}
	senders, err := s.attributeSenders(r, def)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "delete", page{Title: "Delete " + def.Name, Nav: "attributes", Data: deleteData{Attr: def, Values: n, Senders: senders}})
}

func (s *Server) deleteAttribute(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	def, err := s.store.Attribute(r.Context(), sess.CompanyID, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	n, err := s.store.DeleteAttribute(r.Context(), sess.CompanyID, def.ID)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, directory.OpAttributeDeleted, "", fmt.Sprintf("attribute %q deleted with its %d values", def.Name, n))
	s.log.Info("console: attribute deleted", "company", sess.CompanyID, "attribute", r.PathValue("id"), "values", n, "admin", sess.AdminID)
	redirect(w, r, "/attributes", "attrdeleted")
}
