package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"roster/internal/directory"
)

// The Guard page (/guard): the company's holds by the mass-deactivation
// guard with a Release per connection and for all, and the company's
// threshold (directory.GuardPolicy) with what it means for the company
// today. A release is logged by the store, one entry per employee; a new
// threshold is logged here as the administrator's action.

// policyForm is the threshold form as typed, shown again on an error.
type policyForm struct {
	Percent, Min, Window string
}

// formOf is the form showing a policy.
func formOf(p directory.GuardPolicy) policyForm {
	return policyForm{Percent: strconv.Itoa(p.Percent), Min: strconv.Itoa(p.Min), Window: shortDuration(p.Window)}
}

// policy reads the form; the ranges are GuardPolicy.Validate's.
func (f policyForm) policy() (directory.GuardPolicy, error) {
	var p directory.GuardPolicy
	var err error
	if p.Percent, err = strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.Percent), "%"))); err != nil {
		return p, directory.Invalid("Percentage must be a whole number from 1 to 100, such as 10")
	}
	if p.Min, err = strconv.Atoi(strings.TrimSpace(f.Min)); err != nil {
		return p, directory.Invalid("Minimum must be a whole number of employees, at least 1, such as 25")
	}
	if p.Window, err = time.ParseDuration(strings.TrimSpace(f.Window)); err != nil {
		return p, directory.Invalid("Window must be a duration such as 1h, 30m or 1h30m")
	}
	if err := p.Validate(); err != nil {
		return p, directory.Invalid("%s", capitalize(userMessage(err)))
	}
	return p, nil
}

// guardData is the Guard page's data.
type guardData struct {
	Policy, Default directory.GuardPolicy
	Form            policyForm
	Error           string
	// Active is the company's active employees as the guard counts them
	// (held ones are still active for audiences), Limit what one
	// connection may deactivate or delete within the window.
	Active, Limit int
	HeldCount     int
}

func (s *Server) guard(w http.ResponseWriter, r *http.Request) {
	s.guardPage(w, r, http.StatusOK, nil, "")
}

// guardPage shows the Guard page; form is the threshold form as typed
// (nil: the stored policy).
func (s *Server) guardPage(w http.ResponseWriter, r *http.Request, status int, form *policyForm, msg string) {
	sess := sessionOf(r)
	ctx := r.Context()
	p := page{Title: "Mass-deactivation guard", Nav: "guard"}
	if err := s.loadHeld(r, sess, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	policy, err := s.store.GuardPolicy(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	active := true
	_, n, err := s.store.Employees(ctx, sess.CompanyID, directory.EmployeeQuery{Active: &active})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := guardData{Policy: policy, Default: directory.DefaultGuardPolicy, Form: formOf(policy), Error: msg}
	if form != nil {
		d.Form = *form
	}
	for _, h := range p.Held {
		d.HeldCount += h.Count
	}
	d.Active = n + d.HeldCount
	d.Limit = policy.Limit(d.Active)
	if released, err := strconv.Atoi(r.URL.Query().Get("released")); err == nil && released >= 0 && status == http.StatusOK {
		p.Flash = releasedMessage(released)
	}
	p.Data = d
	s.render(w, r, status, "guard", p)
}

// releasedMessage says what a release did.
func releasedMessage(n int) string {
	if n == 0 {
		return "Nothing was held any more, so nothing was released."
	}
	return "Released " + plural(n, "held change", "held changes") + ": survey audiences now see them at the times the identity provider sent them. Each is in the activity log."
}

// releaseGuard releases the company's holds, of one connection when the
// form names it.
func (s *Server) releaseGuard(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	ctx := r.Context()
	conn := r.PostFormValue("connection")
	if conn != "" {
		// Another company's connection is not found, as everywhere.
		c, err := s.store.Connection(ctx, conn)
		if err == nil && c.CompanyID != sess.CompanyID {
			err = directory.NotFound("connection %q not found", conn)
		}
		if err != nil {
			s.storeError(w, r, err)
			return
		}
	}
	n, err := s.store.ReleaseGuardHolds(ctx, sess.CompanyID, conn, directory.Actor{AdminID: sess.AdminID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/guard?released="+strconv.Itoa(n), http.StatusSeeOther)
}

// setGuardPolicy stores the company's threshold.
func (s *Server) setGuardPolicy(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	ctx := r.Context()
	form := policyForm{Percent: r.PostFormValue("percent"), Min: r.PostFormValue("min"), Window: r.PostFormValue("window")}
	p, err := form.policy()
	if msg := userMessage(err); msg != "" {
		s.guardPage(w, r, http.StatusBadRequest, &form, msg)
		return
	}
	old, err := s.store.GuardPolicy(ctx, sess.CompanyID)
	if err == nil {
		err = s.store.SetGuardPolicy(ctx, sess.CompanyID, p)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordAction(ctx, sess.CompanyID, sess.AdminID, directory.OpGuardPolicyChanged, "",
		fmt.Sprintf("mass-deactivation guard set to %s (was %s)", policyText(p), policyText(old)))
	redirect(w, r, "/guard", "guardpolicy")
}

// policyText is a policy for people: "10 %, at least 25, within 1 hour".
func policyText(p directory.GuardPolicy) string {
	return fmt.Sprintf("%d %%, at least %d, within %s", p.Percent, p.Min, humanDuration(p.Window))
}

// shortDuration writes a window as the form takes it: 1h, 30m, 1h30m.
func shortDuration(d time.Duration) string {
	s := d.String() // 1h0m0s, 30m0s, 1m30s
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// humanDuration writes a window for people: "1 hour", "1 hour 30
// minutes", "1 minute 30 seconds".
func humanDuration(d time.Duration) string {
	var parts []string
	for _, u := range []struct {
		d         time.Duration
		one, many string
	}{{time.Hour, "hour", "hours"}, {time.Minute, "minute", "minutes"}, {time.Second, "second", "seconds"}} {
		if n := int(d / u.d); n > 0 {
			parts = append(parts, plural(n, u.one, u.many))
			d -= time.Duration(n) * u.d
		}
	}
	if len(parts) == 0 {
		return d.String()
	}
	return strings.Join(parts, " ")
}

// capitalize upper-cases a message's first letter.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
