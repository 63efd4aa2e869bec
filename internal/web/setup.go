package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"roster/internal/directory"
)

// FirstRunSetupURL returns a new one-time setup URL when no admin exists
// yet (a fresh database), else "". base is the server's public URL when
// the Server has no BaseURL. The token stays valid until setup is done
// (through any URL, or `roster admin create`); only its hash is stored,
// so another instance of the server accepts it too.
func (s *Server) FirstRunSetupURL(ctx context.Context, base string) (string, error) {
	n, err := s.store.CountAdmins(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	token := randomToken()
	if err := s.store.AddSetupToken(ctx, directory.HashToken(token), s.now()); err != nil {
		return "", err
	}
	if s.baseURL != "" {
		base = s.baseURL
	}
	// In the path, not the query: a URL without "=" is logged unquoted
	// and so copies cleanly from the log.
	return strings.TrimRight(base, "/") + "/setup/" + url.PathEscape(token), nil
}

// setupData is the setup page's data.
type setupData struct {
	Token       string
	CompanyName string
	Email       string
	Error       string
}

// setupToken checks the request's setup token; when it is not (or no
// longer) valid it answers with a page saying what to do and returns
// false.
func (s *Server) setupToken(w http.ResponseWriter, r *http.Request, token string) bool {
	ok := false
	if token != "" {
		var err error
		if ok, err = s.store.SetupTokenValid(r.Context(), directory.HashToken(token)); err != nil {
			s.fail(w, r, err)
			return false
		}
	}
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "This setup link is not valid",
			"Setup links work once, on a new installation. If setup is done, sign in. Otherwise use the link from the latest server log line that says \"first run\", or create an admin with `roster admin create`.")
	}
	return ok
}

func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if !s.setupToken(w, r, token) {
		return
	}
	s.render(w, r, http.StatusOK, "setup", page{Title: "Set up roster", CSRF: s.formToken(w, r), Data: setupData{Token: token}})
}

// setupSubmit creates the first company and its admin, then sends the
// admin to sign in.
func (s *Server) setupSubmit(w http.ResponseWriter, r *http.Request) {
	if !s.checkFormToken(w, r) {
		return
	}
	data := setupData{
		Token:       r.PostFormValue("token"),
		CompanyName: strings.TrimSpace(r.PostFormValue("company")),
		Email:       strings.TrimSpace(r.PostFormValue("email")),
	}
	if !s.setupToken(w, r, data.Token) {
		return
	}
	againWith := func(status int, msg string) {
		data.Error = msg
		s.render(w, r, status, "setup", page{Title: "Set up roster", CSRF: s.formToken(w, r), Data: data})
	}
	again := func(msg string) { againWith(http.StatusBadRequest, msg) }
	company := &directory.Company{ID: directory.NewID(), Name: data.CompanyName}
	if err := company.Validate(); err != nil {
		again(userMessage(err))
		return
	}
	password := r.PostFormValue("password")
	if password != r.PostFormValue("password2") {
		again("The two passwords differ; type the same password twice.")
		return
	}
	release, err := s.hashes.acquire(r.Context())
	if err != nil {
		againWith(http.StatusTooManyRequests, s.hashingBusy(w, r, err))
		return
	}
	admin, err := NewAdmin(company.ID, data.Email, password, s.pw)
	release()
	if err != nil {
		again(userMessage(err))
		return
	}
	err = s.store.CompleteSetup(r.Context(), directory.HashToken(data.Token), company, admin)
	switch {
	case directory.ErrorCode(err) == directory.ENotFound || directory.ErrorCode(err) == directory.EConflict:
		s.setupToken(w, r, "") // used meanwhile
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.log.Info("console setup complete", "company", company.ID, "admin", admin.ID)
	s.recordAction(r.Context(), company.ID, admin.ID, directory.OpCompanyCreated, "", fmt.Sprintf("company %q created (first-run setup)", company.Name))
	s.recordAction(r.Context(), company.ID, admin.ID, directory.OpAdminCreated, "", fmt.Sprintf("admin %s created with company %q (first-run setup)", admin.Email, company.Name))
	redirect(w, r, "/login", "setup")
}
