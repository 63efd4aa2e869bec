package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"roster/internal/directory"
)

// PageSize is the number of employees on one page of the list.
const PageSize = 50

const (
	maxSearchTerms = 5
	maxSearchRunes = 100
)

// searchWords returns the words of the search box, at most
// maxSearchTerms: every one must occur in the userName, a name or an email
// (directory.EmployeeQuery.Search), so "ada lovelace" finds Ada Lovelace.
func searchWords(q string) []string {
	words := strings.Fields(q)
	if len(words) > maxSearchTerms {
		words = words[:maxSearchTerms]
	}
	return words
}

// statusActive is the EmployeeQuery.Active of the status choice:
// nil ("all") keeps every employee.
func statusActive(status string) *bool {
	switch status {
	case "active", "deactivated":
		active := status == "active"
		return &active
	}
	return nil
}

// employeeRow is one line of the employee list.
type employeeRow struct {
	ID, Name, Email, Department, Source string
	// Location is the work city and country; Language the survey
	// language.
	Location, Language string
	Active             bool
	Changed            time.Time
}

// employeesData is the employee list's data.
type employeesData struct {
	Q, Status string
	Rows      []employeeRow
	pager
	Error string
}

// employees lists one page of the company's employees, newest first,
// searched and filtered in the store: only the page's rows are read, and
// the total is one COUNT.
func (s *Server) employees(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	ctx := r.Context()
	qs := r.URL.Query()
	d := employeesData{Q: strings.TrimSpace(qs.Get("q")), Status: qs.Get("status")}
	if utf8.RuneCountInString(d.Q) > maxSearchRunes {
		d.Q = string([]rune(d.Q)[:maxSearchRunes])
	}
	if d.Status != "active" && d.Status != "deactivated" {
		d.Status = "all"
	}
	var ok bool
	if d.Page, ok = pageNumber(qs.Get("page")); !ok {
		s.errorPage(w, r, http.StatusBadRequest, "There is no such page",
			fmt.Sprintf("The \"page\" in the address must be a whole number such as 2; it is %q.", qs.Get("page")))
		return
	}
	q := directory.EmployeeQuery{Descending: true, Offset: pageOffset(d.Page), Limit: PageSize}
	q.Search = searchWords(d.Q)
	q.Active = statusActive(d.Status)
	list, total, err := s.store.Employees(ctx, sess.CompanyID, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := directory.LoadActorNames(ctx, s.store, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i := range list {
		e := &list[i]
		d.Rows = append(d.Rows, employeeRow{
			ID: e.ID, Name: e.ShownName(), Email: e.PrimaryEmail(), Department: e.Department,
			Location: e.WorkLocation(), Language: e.SurveyLanguage(), Source: names.Label(e.LastWriter), Active: e.Active, Changed: e.LastModified,
		})
	}
	link := func(p int) string {
		v := url.Values{}
		if d.Q != "" {
			v.Set("q", d.Q)
		}
		if d.Status != "all" {
			v.Set("status", d.Status)
		}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return "/employees"
		}
		return "/employees?" + v.Encode()
	}
	d.pager = newPager(d.Page, q.Offset, len(list), total, link)
	s.render(w, r, http.StatusOK, "employees", page{Title: "Employees", Nav: "employees", Data: d})
}

// pageNumber reads the page parameter: absent is 1, and so is anything
// below 1; a number too large for an int is the largest int, which is
// beyond the last page like any other too large number (the page says so
// and links back). ok is false when v is no whole number at all.
func pageNumber(v string) (page int, ok bool) {
	if v == "" {
		return 1, true
	}
	n, err := strconv.Atoi(v)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	// On ErrRange, Atoi gives the nearest int.
	return max(n, 1), true
}

// pageOffset is the offset of page's first row. It saturates: page
// math.MaxInt times PageSize would overflow into a negative offset, which
// the store refuses, and no company has anywhere near that many employees.
func pageOffset(page int) int {
	return min(page-1, math.MaxInt/PageSize-1) * PageSize
}

// fieldRow is one labelled value on the employee page; Link, when set,
// makes the value a link; Pending marks a reference waiting for its
// target.
type fieldRow struct {
	Label, Value, Link, Note string
	Pending                  bool
	// Attr names the attribute as directory.Diff does; SetBy says who
	// last set it and when (provenance.go).
	Attr, SetBy string
}

// historyRow is one status change.
type historyRow struct {
	At     time.Time
	Active bool
	By     string
}

// activityRow is one activity entry.
type activityRow struct {
	At           time.Time
	What, Detail string
	By           string
}

// employeeData is the employee page's data.
type employeeData struct {
	E     directory.Employee
	Name  string
	Email string
	// Creator is who created the employee, LastWriter who changed it
	// last.
	Creator    string
	LastWriter string
	Profile    []fieldRow
	Enterprise []fieldRow
	Company    []fieldRow
	Pending    []directory.PendingReference
	History    []historyRow
	Activity   []activityRow
	Log        employeeLog
}

// employee shows everything roster holds about one employee.
func (s *Server) employee(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	ctx := r.Context()
	e, err := s.store.Employee(ctx, sess.CompanyID, r.PathValue("id"))
	if directory.ErrorCode(err) == directory.ENotFound &&
		(s.heldDelete(w, r, sess.CompanyID, r.PathValue("id")) || s.deletedEmployee(w, r, sess.CompanyID, r.PathValue("id"))) {
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	defs, err := s.store.Attributes(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	history, err := s.store.StatusHistory(ctx, sess.CompanyID, e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	activity, err := s.store.Activity(ctx, sess.CompanyID, e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := directory.LoadActorNames(ctx, s.store, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	replaced, err := s.store.ConnectionReplacements(ctx, sess.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}

	d := employeeData{E: e, Name: e.ShownName(), Email: e.PrimaryEmail(), Creator: names.Label(directory.Actor{ConnectionID: e.SourceConnectionID}),
		Pending: e.PendingReferences(defs)}
	if d.Log, err = s.employeeLog(ctx, sess.CompanyID, e.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	var emails []string
	for _, m := range e.Emails {
		v := m.Value
		if m.Type != "" {
			v += " (" + m.Type + ")"
		}
		if m.Primary && len(e.Emails) > 1 {
			v += ", primary"
		}
		emails = append(emails, v)
	}
	d.Profile = nonEmpty([]fieldRow{
		{Label: "userName", Value: e.UserName, Attr: "userName"},
		{Label: "externalId", Value: externalIDsText(e.CurrentExternalIDs(replaced), names)},
		{Label: "Given name", Value: e.Name.GivenName, Attr: "name.givenName"},
		{Label: "Family name", Value: e.Name.FamilyName, Attr: "name.familyName"},
		{Label: "Middle name", Value: e.Name.MiddleName, Attr: "name.middleName"},
		{Label: "Honorific prefix", Value: e.Name.HonorificPrefix, Attr: "name.honorificPrefix"},
		{Label: "Honorific suffix", Value: e.Name.HonorificSuffix, Attr: "name.honorificSuffix"},
		{Label: "Formatted name", Value: e.Name.Formatted, Attr: "name.formatted"},
		{Label: "Display name", Value: e.DisplayName, Attr: "displayName"},
		{Label: "Nickname", Value: e.NickName, Attr: "nickName"},
		{Label: "Title", Value: e.Title, Attr: "title"},
		{Label: "User type", Value: e.UserType, Attr: "userType"},
		{Label: "Emails", Value: strings.Join(emails, "; "), Attr: "emails"},
		{Label: "Phone numbers", Value: e.AttributeText("phoneNumbers"), Attr: "phoneNumbers"},
		{Label: "Work location", Value: e.WorkLocation(), Attr: "addresses"},
		{Label: "Addresses", Value: e.AttributeText("addresses"), Attr: "addresses"},
		{Label: "Survey language", Value: e.SurveyLanguage(), Note: surveyLanguageNote(&e)},
		{Label: "Preferred language", Value: e.PreferredLanguage, Attr: "preferredLanguage"},
		{Label: "Locale", Value: e.Locale, Attr: "locale"},
		{Label: "Time zone", Value: e.Timezone, Attr: "timezone"},
		{Label: "Profile URL", Value: e.ProfileURL, Attr: "profileUrl"},
		{Label: "Instant messaging", Value: e.AttributeText("ims"), Attr: "ims"},
		{Label: "Photos", Value: e.AttributeText("photos"), Attr: "photos"},
		{Label: "Roles", Value: e.AttributeText("roles"), Attr: "roles"},
		{Label: "Entitlements", Value: e.AttributeText("entitlements"), Attr: "entitlements"},
		{Label: "X.509 certificates", Value: e.AttributeText("x509Certificates"), Attr: "x509Certificates"},
	})
	manager := referenceRow("Manager", e.Manager)
	manager.Attr = "manager"
	d.Enterprise = nonEmpty([]fieldRow{
		{Label: "Employee number", Value: e.EmployeeNumber, Attr: "employeeNumber"},
		{Label: "Organization", Value: e.Organization, Attr: "organization"},
		{Label: "Division", Value: e.Division, Attr: "division"},
		{Label: "Department", Value: e.Department, Attr: "department"},
		{Label: "Cost center", Value: e.CostCenter, Attr: "costCenter"},
		manager,
	})
	for _, def := range defs {
		v, ok := e.Attributes[def.ID]
		row := fieldRow{Label: def.Name}
		switch {
		case !ok:
			row.Note = "no value"
		case def.Type == directory.TypeOption:
			row.Value = v.Text
		case def.Type == directory.TypeDate:
			row.Value = v.Date
		case def.Type == directory.TypeNumber:
			row.Value = strconv.FormatInt(v.Number, 10)
		case def.Type == directory.TypeEmployee:
			row = referenceRow(def.Name, v.Ref)
		}
		row.Attr = directory.CompanyAttribute(def.ID)
		d.Company = append(d.Company, row)
	}
	for _, rows := range [][]fieldRow{d.Profile, d.Enterprise, d.Company} {
		setBy(rows, e.Provenance, names)
	}
	d.LastWriter = names.Label(e.LastWriter)
	for _, h := range history {
		d.History = append(d.History, historyRow{At: h.At, Active: h.Active, By: names.Label(h.By())})
	}
	for _, a := range activity {
		d.Activity = append(d.Activity, activityRow{At: a.At, What: activityLabel(a.Kind), Detail: a.Detail, By: names.Label(a.By())})
	}
	s.render(w, r, http.StatusOK, "employee", page{Title: d.Name, Nav: "employees", Data: d})
}

// referenceRow shows a reference: a link to the target, or the value as
// sent while it is pending.
func referenceRow(label string, ref directory.Reference) fieldRow {
	row := fieldRow{Label: label}
	switch {
	case ref.TargetID != "":
		row.Value, row.Link = ref.TargetName, "/employees/"+url.PathEscape(ref.TargetID)
		if row.Value == "" {
			row.Value = ref.Value
		}
		if ref.TargetEmail != "" && ref.TargetEmail != row.Value {
			row.Note = ref.TargetEmail
		}
	case ref.Value != "":
		// The page's banner explains pending references.
		row.Value, row.Pending = ref.Value, true
	}
	return row
}

func nonEmpty(rows []fieldRow) []fieldRow {
	var out []fieldRow
	for _, r := range rows {
		if r.Value != "" {
			out = append(out, r)
		}
	}
	return out
}

func activityLabel(kind string) string {
	switch kind {
	case directory.ActivityReferenceCleared:
		return "Reference cleared"
	case directory.ActivityReferenceResolved:
		return "Reference resolved"
	case directory.ActivityGuardReleased:
		return "Held change released"
	case directory.ActivityGuardRestored:
		return "Restored (held delete ended)"
	case directory.ActivityNotApplied:
		return "Not applied (owned attribute)"
	}
	return kind
}

// surveyLanguageNote says where the survey language comes from when it
// is not preferredLanguage: the rule is Employee.SurveyLanguage.
func surveyLanguageNote(e *directory.Employee) string {
	if e.PreferredLanguage == "" && e.Locale != "" {
		return "from locale"
	}
	return ""
}
