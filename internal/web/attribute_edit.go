package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"roster/internal/directory"
)

// The attribute edit page: rename, aliases, type, options (rename, remove,
// add), open or closed list. Removing options that employees hold asks
// first, on a confirmation page that says how many lose their value.

// optionField is one existing option on the edit form: Old is the option
// as stored (a hidden field), New what the admin typed (empty: remove).
type optionField struct {
	Old, New string
	IsNew    bool
}

// editForm is the edit form, from the stored definition or as submitted.
type editForm struct {
	Name, Type, Aliases, AddOptions string
	Open                            bool
	Options                         []optionField
}

// editData is the edit page's data.
type editData struct {
	Attr  attributeRow
	Form  editForm
	Types []directory.AttributeType
	Error string
}

// confirmData is the confirmation page of an edit that clears values:
// the form as submitted is posted again with confirm=yes.
type confirmData struct {
	Attr    directory.AttributeDef
	Message string
	Fields  []formField
}

type formField struct{ Name, Value string }

func editFormOf(d directory.AttributeDef) editForm {
	f := editForm{Name: d.Name, Type: string(d.Type), Aliases: strings.Join(d.Aliases, ", "), Open: d.Open}
	for _, o := range d.Options {
		f.Options = append(f.Options, optionField{Old: o, New: o, IsNew: d.IsNewOption(o)})
	}
	return f
}

func submittedEditForm(v url.Values) editForm {
	f := editForm{Name: v.Get("name"), Type: v.Get("type"), Aliases: v.Get("aliases"), AddOptions: v.Get("add_options"), Open: v.Get("open") != ""}
	olds, news := v["option_old"], v["option_new"]
	for i := range min(len(olds), len(news)) {
		f.Options = append(f.Options, optionField{Old: olds[i], New: news[i]})
	}
	return f
}

// edit is the AttributeEdit the form asks of d: an option whose text
// changed is renamed, one emptied is removed.
func (f editForm) edit(d directory.AttributeDef) directory.AttributeEdit {
	e := directory.AliasesEdit(d, splitList(f.Aliases, true))
	if name := strings.TrimSpace(f.Name); name != d.Name {
		e.Rename = name
	}
	if t := directory.AttributeType(f.Type); t != d.Type {
		e.Type = t
	}
	if directory.AttributeType(f.Type) == directory.TypeOption && f.Open != d.Open {
		open := f.Open
		e.Open = &open
	}
	for _, o := range f.Options {
		switch to := strings.TrimSpace(o.New); {
		case to == "":
			e.RemoveOptions = append(e.RemoveOptions, o.Old)
		case to != o.Old:
			e.RenameOptions = append(e.RenameOptions, directory.OptionRename{Old: o.Old, New: to})
		}
	}
	e.AddOptions = splitList(f.AddOptions, false)
	return e
}

func (s *Server) editAttributePage(w http.ResponseWriter, r *http.Request) {
	def, err := s.store.Attribute(r.Context(), sessionOf(r).CompanyID, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	s.renderEdit(w, r, http.StatusOK, def, editFormOf(def), "")
}

func (s *Server) renderEdit(w http.ResponseWriter, r *http.Request, status int, def directory.AttributeDef, f editForm, msg string) {
	s.render(w, r, status, "attribute_edit", page{Title: "Edit " + def.Name, Nav: "attributes", Data: editData{
		Attr: attributeRowOf(def), Form: f, Types: directory.AttributeTypes, Error: msg,
	}})
}

// editAttribute applies the edit form; an edit that would clear values
// shows the confirmation page instead, unless it is the confirmation.
func (s *Server) editAttribute(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	def, err := s.store.Attribute(r.Context(), sess.CompanyID, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderEdit(w, r, http.StatusBadRequest, def, editFormOf(def), "The form could not be read; try again.")
		return
	}
	form := submittedEditForm(r.PostForm)
	edit := form.edit(def)
	edit.Confirmed = r.PostForm.Get("confirm") == "yes"
	s.applyEdit(w, r, def, edit, func(status int, msg string) {
		s.renderEdit(w, r, status, def, form, msg)
	})
}

// acknowledgeOptions marks the options an open list added as seen.
func (s *Server) acknowledgeOptions(w http.ResponseWriter, r *http.Request) {
	def, err := s.store.Attribute(r.Context(), sessionOf(r).CompanyID, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	s.applyEdit(w, r, def, directory.AttributeEdit{AcknowledgeNew: true}, func(status int, msg string) {
		s.attributePage(w, r, status, "", msg)
	})
}

// applyEdit stores the edit, logs it and goes back to the attribute's
// page. An edit that needs confirmation shows the confirmation page; any
// other refusal is shown by refused.
func (s *Server) applyEdit(w http.ResponseWriter, r *http.Request, def directory.AttributeDef, edit directory.AttributeEdit, refused func(status int, msg string)) {
	sess := sessionOf(r)
	if edit.Empty() {
		redirect(w, r, "/attributes/"+def.ID, "")
		return
	}
	res, err := s.store.EditAttribute(r.Context(), sess.CompanyID, def.ID, edit)
	if directory.ErrorKind(err) == directory.KindConfirm {
		s.render(w, r, http.StatusOK, "attribute_confirm", page{Title: "Confirm changes to " + def.Name, Nav: "attributes",
			Data: confirmData{Attr: def, Message: userMessage(err), Fields: resubmitted(r.PostForm)}})
		return
	}
	if msg := userMessage(err); msg != "" {
		refused(http.StatusBadRequest, msg)
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	summary := res.Summary(def, edit)
	s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, directory.OpAttributeChanged, "", summary)
	s.log.Info("console: attribute edited", "company", sess.CompanyID, "attribute", def.ID, "admin", sess.AdminID)
	redirect(w, r, "/attributes/"+def.ID, "attredited")
}

// resubmitted are the form's fields to post again on confirmation.
func resubmitted(v url.Values) []formField {
	var out []formField
	keys := make([]string, 0, len(v))
	for k := range v {
		if k != "csrf" && k != "confirm" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, x := range v[k] {
			out = append(out, formField{k, x})
		}
	}
	return out
}

// senderRow is a connection that sent an attribute recently, as the
// delete confirmation shows it.
type senderRow struct {
	Label  string
	Writes int
	Last   time.Time
}

// attributeSenders are the connections that sent the attribute in the
// last 30 days, by label.
func (s *Server) attributeSenders(r *http.Request, def directory.AttributeDef) ([]senderRow, error) {
	list, err := s.store.AttributeSenders(r.Context(), def.CompanyID, def.ID, s.now().Add(-directory.SenderWindow))
	if err != nil || len(list) == 0 {
		return nil, err
	}
	names, err := directory.LoadActorNames(r.Context(), s.store, def.CompanyID)
	if err != nil {
		return nil, err
	}
	out := make([]senderRow, len(list))
	for i, x := range list {
		out[i] = senderRow{Label: names.Label(directory.Actor{ConnectionID: x.ConnectionID}), Writes: x.Writes, Last: x.Last}
	}
	return out, nil
}
