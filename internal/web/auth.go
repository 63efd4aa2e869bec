package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"roster/internal/directory"
)

const (
	// sessionCookie holds the session token; only its hash is stored.
	sessionCookie = "roster_session"
	// formCookie holds the CSRF token of the forms shown before there is
	// a session (sign-in, setup): a double-submit token.
	formCookie = "roster_form"
	// sessionLifetime is how long a sign-in lasts.
	sessionLifetime = 12 * time.Hour
	// MaxLoginFailures sign-in attempts for one email address that are
	// not successful lock it for LockDuration; the count is in the store,
	// so the lock holds across server instances, and each attempt is
	// counted before its password is checked, so it holds whatever the
	// concurrency (see directory.LoginThrottle).
	MaxLoginFailures = 5
	LockDuration     = 15 * time.Minute
	// maxFormBytes bounds a form body.
	maxFormBytes = 64 << 10
)

// loginPolicy is the console's sign-in throttle.
var loginPolicy = directory.LoginPolicy{Limit: MaxLoginFailures, LockFor: LockDuration}

// session is a signed-in admin's session with the admin and company.
type session struct {
	directory.Session
	admin   directory.Admin
	company directory.Company
}

func sessionOf(r *http.Request) *session {
	s, _ := r.Context().Value(keySession).(*session)
	return s
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("web: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// currentSession loads the session named by the request's cookie;
// ENotFound when there is none (or it expired, or its admin is gone).
func (s *Server) currentSession(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, directory.NotFound("not signed in")
	}
	ctx := r.Context()
	sess, err := s.store.SessionByTokenHash(ctx, directory.HashToken(c.Value), s.now())
	if err != nil {
		return nil, err
	}
	out := &session{Session: sess}
	if out.admin, err = s.store.Admin(ctx, sess.AdminID); err != nil {
		return nil, err
	}
	if out.company, err = s.store.Company(ctx, sess.CompanyID); err != nil {
		return nil, err
	}
	return out, nil
}

// signedIn wraps a console handler: it requires a session (else the
// sign-in page), checks the CSRF token of every POST, and puts the
// session in the request context. Every store call of h is then scoped
// to the session's company.
func (s *Server) signedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.currentSession(r)
		if directory.ErrorCode(err) == directory.ENotFound {
			s.clearCookie(w, r, sessionCookie)
			target := "/login"
			if r.Method == http.MethodGet {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), keySession, sess))
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			if !tokensEqual(r.PostFormValue("csrf"), sess.CSRFToken) {
				s.csrfRejected(w, r)
				return
			}
		}
		h(w, r)
	}
}

func tokensEqual(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// csrfRejected answers a form without its session's token: a forged
// cross-site request, or a page left open across a sign-out.
func (s *Server) csrfRejected(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("console form refused: CSRF token missing or wrong", "request_id", requestID(r), "path", r.URL.Path)
	s.errorPage(w, r, http.StatusForbidden, "This form could not be accepted",
		"The form did not carry this session's security token: it was sent from another site, or from a page opened before you last signed in. Nothing was changed. Go back, reload the page and try again.")
}

// formToken returns the pre-session CSRF token, setting its cookie when
// the browser has none yet.
func (s *Server) formToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(formCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	t := randomToken()
	s.setCookie(w, r, formCookie, t, time.Time{})
	return t
}

// checkFormToken checks a pre-session form's double-submit token.
func (s *Server) checkFormToken(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	c, err := r.Cookie(formCookie)
	if err != nil || !tokensEqual(r.PostFormValue("csrf"), c.Value) {
		s.csrfRejected(w, r)
		return false
	}
	return true
}

// secure reports whether cookies must be Secure: the request came over
// TLS (directly or through a proxy saying so), or the public URL is
// https.
func (s *Server) secure(r *http.Request) bool {
	return isTLS(r) || strings.HasPrefix(strings.ToLower(s.baseURL), "https://")
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", Expires: expires,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	if _, err := r.Cookie(name); err != nil {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// loginData is the sign-in page's data.
type loginData struct {
	Email string
	Next  string
	Error string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, err := s.currentSession(r); err == nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", page{Title: "Sign in", CSRF: s.formToken(w, r),
		Data: loginData{Next: r.URL.Query().Get("next")}})
}

// loginSubmit signs an admin in. Every attempt counts against the email
// address, known or not, before its password is checked (see
// directory.LoginThrottle), and every failure looks the same (the same
// message, and a password hash computed either way), so that the page
// tells nobody which addresses are admins.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	if !s.checkFormToken(w, r) {
		return
	}
	ctx := r.Context()
	email := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	data := loginData{Email: email, Next: r.PostFormValue("next")}
	again := func(status int, msg string) {
		data.Error = msg
		s.render(w, r, status, "login", page{Title: "Sign in", CSRF: s.formToken(w, r), Data: data})
	}
	if email == "" || password == "" {
		again(http.StatusBadRequest, "Enter your email address and password.")
		return
	}
	// The slot comes first: a sign-in turned away busy has not been
	// counted against the address.
	release, err := s.hashes.acquire(ctx)
	if err != nil {
		again(http.StatusTooManyRequests, s.hashingBusy(w, r, err))
		return
	}
	now := s.now()
	th, granted, err := s.store.ReserveLoginAttempt(ctx, email, now, loginPolicy)
	var admin directory.Admin
	ok := false
	if err == nil && granted {
		admin, ok, err = s.checkPassword(ctx, email, password)
	}
	release()
	switch {
	case err != nil:
		s.fail(w, r, err)
		return
	case !granted:
		again(http.StatusTooManyRequests, lockedMessage(th, now))
		return
	case !ok:
		s.log.Warn("console sign-in failed", "request_id", requestID(r), "locked", th.Locked(now))
		if th.Locked(now) {
			again(http.StatusTooManyRequests, lockedMessage(th, now))
			return
		}
		again(http.StatusUnauthorized, "The email address or the password is wrong.")
		return
	}
	if err := s.store.ClearLoginFailures(ctx, email); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(w, r, admin); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(data.Next), http.StatusSeeOther)
}

// checkPassword reports whether password is the password of the admin
// with the email. With no such admin it verifies against a dummy hash,
// so that the answer takes as long as for a wrong password. The caller
// holds a hashing slot.
func (s *Server) checkPassword(ctx context.Context, email, password string) (directory.Admin, bool, error) {
	admin, err := s.store.AdminByEmail(ctx, email)
	switch {
	case err == nil:
		return admin, s.verify(password, admin.PasswordHash), nil
	case directory.ErrorCode(err) == directory.ENotFound:
		s.verify(password, s.dummyHash())
		return directory.Admin{}, false, nil
	default:
		return directory.Admin{}, false, err
	}
}

func lockedMessage(th directory.LoginThrottle, now time.Time) string {
	mins := int(th.LockedUntil.Sub(now).Minutes()) + 1
	return fmt.Sprintf("Too many failed sign-ins for this email address. For your security it is locked; try again in %d minute%s.",
		mins, map[bool]string{true: "", false: "s"}[mins == 1])
}

// startSession creates a session with a new token (never one the browser
// brought: no session fixation) and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, a directory.Admin) error {
	token := randomToken()
	now := s.now()
	sess := directory.Session{TokenHash: directory.HashToken(token), AdminID: a.ID, CSRFToken: randomToken(), Expires: now.Add(sessionLifetime)}
	if err := s.store.CreateSession(r.Context(), &sess); err != nil {
		return err
	}
	if err := s.store.DeleteExpiredSessions(r.Context(), now); err != nil {
		s.log.Warn("delete expired sessions", "err", err)
	}
	s.setCookie(w, r, sessionCookie, token, sess.Expires)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteSession(r.Context(), sessionOf(r).TokenHash); err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/login?done=signedout", http.StatusSeeOther)
}
