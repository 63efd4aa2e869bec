package web

import (
	"net/http"
	"slices"

	"roster/internal/directory"
)

// ownersData is the Owners page: which connection is authoritative for
// which attribute (directory.Owner).
type ownersData struct {
	Owners []ownerRow
	// Attributes are what may get an owner: value and label.
	Attributes  []option
	Connections []option
	Error       string
	// Attribute and Connection are what the form sent, kept selected
	// when it is refused.
	Attribute, Connection string
}

type ownerRow struct {
	Attribute, Label, Connection string
}

type option struct{ Value, Label string }

// owners shows the company's owners and a form to set one.
func (s *Server) owners(w http.ResponseWriter, r *http.Request) {
	s.renderOwners(w, r, http.StatusOK, ownersData{})
}

// renderOwners shows the page with d's error and form (the rest of d is
// read here).
func (s *Server) renderOwners(w http.ResponseWriter, r *http.Request, status int, d ownersData) {
	sess := sessionOf(r)
	ctx := r.Context()
	owners, err := s.store.Owners(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defs, err := s.store.Attributes(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	conns, err := s.store.Connections(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, o := range owners {
		d.Owners = append(d.Owners, ownerRow{Attribute: o.Attribute, Label: directory.AttributeLabel(o.Attribute, defs), Connection: o.ConnectionLabel})
	}
	for _, a := range directory.CoreAttributes {
		if directory.CheckOwnable(a, defs) == nil {
			d.Attributes = append(d.Attributes, option{a, a})
		}
	}
	for _, def := range defs {
		d.Attributes = append(d.Attributes, option{directory.CompanyAttribute(def.ID), def.Name + " (company attribute)"})
	}
	for _, c := range conns {
		if c.RevokedAt.IsZero() {
			d.Connections = append(d.Connections, option{c.ID, c.Label})
		}
	}
	s.render(w, r, status, "owners", page{Title: "Attribute owners", Nav: "attributes", Data: d})
}

// setOwner makes a connection the owner of an attribute, or (connection
// "") removes the attribute's owner.
func (s *Server) setOwner(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	ctx := r.Context()
	attr, conn := r.PostFormValue("attribute"), r.PostFormValue("connection")
	defs, err := s.store.Attributes(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	op, detail := directory.OpOwnerCleared, directory.OwnerClearedDetail(directory.AttributeLabel(attr, defs))
	if conn == "" {
		err = s.store.ClearOwner(ctx, sess.CompanyID, attr)
	} else {
		err = s.store.SetOwner(ctx, sess.CompanyID, attr, conn)
		if err == nil {
			var c directory.Connection
			if c, err = s.store.Connection(ctx, conn); err == nil {
				op, detail = directory.OpOwnerSet, directory.OwnerSetDetail(directory.AttributeLabel(attr, defs), c.Label)
			}
		}
	}
	if code := directory.ErrorCode(err); slices.Contains([]directory.Code{directory.EInvalid, directory.ENotFound}, code) {
		msg := userMessage(err)
		if msg == "" {
			msg = "No such attribute or connection."
		}
		s.renderOwners(w, r, http.StatusBadRequest, ownersData{Error: msg, Attribute: attr, Connection: conn})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("console: attribute owner set", "company", sess.CompanyID, "attribute", attr, "connection", conn, "admin", sess.AdminID)
	s.recordAction(ctx, sess.CompanyID, sess.AdminID, op, conn, detail)
	redirect(w, r, "/owners", "")
}
