package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"roster/internal/directory"
)

// A connection as the admin sees it is a chain of store connections: a
// rotation stores a new connection (new token) that replaces the old one,
// whose token keeps working for the grace period the admin chose. The
// chain is shown as one row under its newest member, the head.

// connectionRow is one chain of connections.
type connectionRow struct {
	ID    string // the head's id: the one to rotate or revoke
	Label string
	// Created is when the chain's first connection was created;
	// TokenCreated when the head's (current) token was.
	Created, TokenCreated time.Time
	LastUsed              time.Time
	Requests              int64
	Rotations             int
	// Active: the head's token works. PreviousUntil: an older token of
	// the chain still works until then (zero: none does).
	Active        bool
	RevokedAt     time.Time
	PreviousUntil time.Time
	// Health: is it syncing, is what it sends accepted (active rows).
	Health connectionHealth
}

// integrationsData is the integrations page's data.
type integrationsData struct {
	SCIMURL  string
	Disabled bool
	Active   []connectionRow
	Revoked  []connectionRow
	Label    string
	Error    string
	Labels   []string
	// Silent are the active connections that have gone quiet.
	Silent []connectionRow
}

// labelSuggestions are offered when naming a connection.
var labelSuggestions = []string{"Microsoft Entra ID", "Okta", "HR system", "Google Workspace", "OneLogin", "JumpCloud"}

// connectionChains groups the company's connections into chains, heads
// newest first.
func connectionChains(conns []directory.Connection, replacedBy map[string]string, now time.Time) []connectionRow {
	byID := map[string]directory.Connection{}
	for _, c := range conns {
		byID[c.ID] = c
	}
	head := func(id string) string {
		for i := 0; i < len(conns); i++ { // bounded: no cycles even on bad data
			next, ok := replacedBy[id]
			if _, exists := byID[next]; !ok || !exists {
				break
			}
			id = next
		}
		return id
	}
	rows := map[string]*connectionRow{}
	var order []string
	for _, c := range conns { // oldest first, so a chain's first member comes first
		h := head(c.ID)
		row, ok := rows[h]
		if !ok {
			hc := byID[h]
			row = &connectionRow{ID: h, Label: hc.Label, Created: c.Created, TokenCreated: hc.Created,
				Active: hc.Usable(now), RevokedAt: hc.RevokedAt}
			rows[h] = row
			order = append(order, h)
		}
		row.Requests += c.RequestCount
		if c.LastUsed.After(row.LastUsed) {
			row.LastUsed = c.LastUsed
		}
		if c.ID != h {
			row.Rotations++
			if c.Usable(now) && c.RevokedAt.After(row.PreviousUntil) {
				row.PreviousUntil = c.RevokedAt
			}
		}
	}
	out := make([]connectionRow, 0, len(order))
	for i := len(order) - 1; i >= 0; i-- {
		out = append(out, *rows[order[i]])
	}
	return out
}

func (s *Server) integrationsData(r *http.Request) (integrationsData, error) {
	sess := sessionOf(r)
	conns, err := s.store.Connections(r.Context(), sess.CompanyID)
	if err != nil {
		return integrationsData{}, err
	}
	repl, err := s.store.ConnectionReplacements(r.Context(), sess.CompanyID)
	if err != nil {
		return integrationsData{}, err
	}
	d := integrationsData{SCIMURL: s.SCIMURL(r), Disabled: sess.company.ProvisioningDisabled, Labels: labelSuggestions}
	now := s.now()
	requests, err := s.store.RequestsSince(r.Context(), sess.CompanyID, now.Add(-healthWindow))
	if err != nil {
		return integrationsData{}, err
	}
	for _, row := range connectionChains(conns, repl, now) {
		if row.Active {
			if row.Health, err = s.health(r.Context(), sess.CompanyID, directory.ReplacedChain(row.ID, repl), row.LastUsed, requests, now); err != nil {
				return integrationsData{}, err
			}
			// While paused every request is turned away: quiet is expected.
			row.Health.Silent = row.Health.Silent && !d.Disabled
			if row.Health.Silent {
				d.Silent = append(d.Silent, row)
			}
			d.Active = append(d.Active, row)
		} else {
			d.Revoked = append(d.Revoked, row)
		}
	}
	return d, nil
}

func (s *Server) integrations(w http.ResponseWriter, r *http.Request) {
	d, err := s.integrationsData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "integrations", page{Title: "Employee provisioning", Nav: "integrations", Data: d})
}

// tokenData is the page that shows a new token, once (see reveal).
type tokenData struct {
	Label    string
	Token    string
	SCIMURL  string
	Disabled bool
	// Rotated: the token replaces an older one, which works until
	// OldUntil (or stopped at once when OldStopped).
	Rotated    bool
	OldUntil   time.Time
	OldStopped bool
}

// createConnection enables provisioning through a new connection and
// redirects to its token, shown once (showToken). A label that a live
// connection of the company has is refused with the form kept: a
// resubmitted form (reload, double click) lands here too and mints no
// second token.
func (s *Server) createConnection(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	label := strings.TrimSpace(r.PostFormValue("label"))
	token, hash := directory.NewToken()
	c := &directory.Connection{ID: directory.NewID(), CompanyID: sess.CompanyID, Label: label, TokenHash: hash}
	err := c.Validate()
	if err == nil {
		err = s.store.CreateConnection(r.Context(), c)
	}
	if msg := userMessage(err); msg != "" {
		d, derr := s.integrationsData(r)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		status := http.StatusBadRequest
		if directory.ErrorCode(err) == directory.EConflict {
			status = http.StatusConflict
		}
		d.Label, d.Error = label, msg
		s.render(w, r, status, "integrations", page{Title: "Employee provisioning", Nav: "integrations", Data: d})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("console: connection created", "company", sess.CompanyID, "connection", c.ID, "admin", sess.AdminID)
	s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, directory.OpConnectionCreated, c.ID, fmt.Sprintf("connection %q created", c.Label))
	s.showToken(w, r, c.ID, token, time.Time{})
}

// graces are the grace periods offered when rotating a token.
var graces = map[string]time.Duration{"0": 0, "1h": time.Hour, "24h": 24 * time.Hour, "168h": 7 * 24 * time.Hour}

// companyConnection loads a connection of the session's company; another
// company's is ENotFound, like an unknown one.
func (s *Server) companyConnection(r *http.Request, id string) (directory.Connection, error) {
	c, err := s.store.Connection(r.Context(), id)
	if err == nil && c.CompanyID != sessionOf(r).CompanyID {
		err = directory.NotFound("connection %q not found", id)
	}
	return c, err
}

// rotateConnection gives a connection a new token, shown once
// (showToken); the old one works for the chosen grace period so that the
// identity provider can be updated without failed syncs.
func (s *Server) rotateConnection(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	old, err := s.companyConnection(r, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	grace, ok := graces[r.PostFormValue("grace")]
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest, "Choose how long the old token keeps working",
			"Pick one of the offered grace periods and rotate again.")
		return
	}
	now := s.now()
	token, hash := directory.NewToken()
	next := &directory.Connection{ID: directory.NewID(), CompanyID: sess.CompanyID, Label: old.Label, TokenHash: hash}
	err = s.store.RotateConnection(r.Context(), old.ID, next, now.Add(grace))
	if directory.ErrorCode(err) == directory.EConflict {
		s.errorPage(w, r, http.StatusConflict, "This token cannot be rotated", userMessage(err)+".")
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	s.log.Info("console: token rotated", "company", sess.CompanyID, "connection", old.ID, "replaced_by", next.ID, "grace", grace, "admin", sess.AdminID)
	s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, directory.OpConnectionRotated, old.ID,
		fmt.Sprintf("connection %q: new token (connection %s); the old one works for %s more", old.Label, next.ID, grace))
	s.showToken(w, r, next.ID, token, now.Add(grace))
}

// revokeConnection stops a connection's tokens at once: the current one
// and any older one still in its grace period.
func (s *Server) revokeConnection(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	c, err := s.companyConnection(r, r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	repl, err := s.store.ConnectionReplacements(r.Context(), sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now()
	chain := directory.ReplacedChain(c.ID, repl)
	owned, err := directory.LoadOwnedBy(r.Context(), s.store, sess.CompanyID, chain)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, id := range chain {
		m, err := s.store.Connection(r.Context(), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !m.Usable(now) {
			continue
		}
		if err := s.store.RevokeConnection(r.Context(), id, now); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.log.Info("console: connection revoked", "company", sess.CompanyID, "connection", c.ID, "admin", sess.AdminID)
	s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, directory.OpConnectionRevoked, c.ID, directory.RevokedDetail(c.Label, owned))
	redirect(w, r, "/integrations", "revoked")
}

// setProvisioning pauses or resumes provisioning for the company: while
// paused every token is refused; nothing is deleted.
func (s *Server) setProvisioning(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	var disabled bool
	switch r.PostFormValue("provisioning") {
	case "off":
		disabled = true
	case "on":
	default:
		s.errorPage(w, r, http.StatusBadRequest, "Nothing changed", "The form asked neither to pause nor to resume provisioning.")
		return
	}
	if err := s.store.SetProvisioningDisabled(r.Context(), sess.CompanyID, disabled); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("console: provisioning set", "company", sess.CompanyID, "disabled", disabled, "admin", sess.AdminID)
	op, what := directory.OpProvisioningResume, "employee provisioning resumed"
	if disabled {
		op, what = directory.OpProvisioningPaused, "employee provisioning paused: every token is refused with 503 until resumed"
	}
	s.recordAction(r.Context(), sess.CompanyID, sess.AdminID, op, "", what)
	redirect(w, r, "/integrations", map[bool]string{true: "paused", false: "resumed"}[disabled])
}
