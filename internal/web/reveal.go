package web

import (
	"encoding/base64"
	"net/http"
	"time"

	"roster/internal/directory"
)

// A new token reaches its page by post/redirect/get: the POST that mints
// it stores a sealed reveal (directory.Reveal) and redirects to
// /integrations/reveal/{id}; the GET, on whichever instance it lands,
// consumes the reveal and shows the token. A reload, a double click or
// the back button therefore never mints a second token, and the token
// page is shown once: a reload says it was already shown.

// revealCookie holds the key that unseals a reveal's token. It is scoped
// to the reveal's path and lives no longer than the reveal; SameSite
// Strict, because only roster's own redirect needs it.
const revealCookie = "roster_reveal"

func revealPath(id string) string { return "/integrations/reveal/" + id }

// showToken stores the reveal of a connection's new token for the session
// and redirects to it. oldUntil is, for a rotation, when the replaced
// token stops working.
func (s *Server) showToken(w http.ResponseWriter, r *http.Request, connectionID, token string, oldUntil time.Time) {
	rv, key := directory.NewReveal(sessionOf(r).TokenHash, connectionID, token, s.now())
	rv.OldUntil = oldUntil
	if err := s.store.CreateReveal(r.Context(), rv, rv.Created); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: revealCookie, Value: base64.RawURLEncoding.EncodeToString(key), Path: revealPath(rv.ID),
		MaxAge: int(directory.RevealLifetime / time.Second), HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode,
	})
	http.Redirect(w, r, revealPath(rv.ID), http.StatusSeeOther)
}

// reveal shows a new token, once, to the session that created it.
// Another session's reveal is not found, like an unknown one.
func (s *Server) reveal(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id := r.PathValue("id")
	rv, err := s.store.ConsumeReveal(r.Context(), id, sess.TokenHash, s.now())
	if directory.ErrorCode(err) == directory.EConflict {
		s.errorPage(w, r, http.StatusGone, "This token was already shown",
			"roster shows a token only once and keeps only a hash of it, so it cannot show it again. "+
				"If you did not copy it, rotate the connection's token on the Integrations page to get a new one; "+
				"the old token can keep working for a grace period while you update your identity provider.")
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: revealCookie, Path: revealPath(id), MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	var token string
	if c, cerr := r.Cookie(revealCookie); cerr == nil {
		key, _ := base64.RawURLEncoding.DecodeString(c.Value)
		token, err = rv.Open(key)
	}
	if token == "" {
		s.log.Warn("console: token reveal without its key", "company", sess.CompanyID, "connection", rv.ConnectionID, "err", err)
		s.errorPage(w, r, http.StatusGone, "The token cannot be shown",
			"This browser did not send the key that unlocks the new token (roster needs cookies). "+
				"Rotate the connection's token on the Integrations page to get a new one.")
		return
	}
	c, err := s.companyConnection(r, rv.ConnectionID)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	title := "Connect " + c.Label
	if rv.Rotated() {
		title = "New token for " + c.Label
	}
	s.render(w, r, http.StatusOK, "token", page{Title: title, Nav: "integrations", Data: tokenData{
		Label: c.Label, Token: token, SCIMURL: s.SCIMURL(r), Disabled: sess.company.ProvisioningDisabled,
		Rotated: rv.Rotated(), OldUntil: rv.OldUntil, OldStopped: !rv.OldUntil.After(rv.Created),
	}})
}
