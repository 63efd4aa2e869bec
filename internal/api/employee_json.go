package api

import (
	"time"

	"roster/internal/directory"
)

// employeeJSON is an employee as the product API shows it: a plain shape
// for products, not SCIM's (documented in openapi.json, schema Employee).
type employeeJSON struct {
	ID       string   `json:"id"`
	UserName string   `json:"userName"`
	Name     nameJSON `json:"name"`
	// Email is the primary email, else the first; "" when none.
	Email  string `json:"email"`
	Active bool   `json:"active"`
	// StatusChanged is when Active last changed (creation counts).
	StatusChanged time.Time `json:"statusChanged"`
	Department    string    `json:"department"`
	// SurveyLanguage is the language to survey the employee in:
	// preferredLanguage, else locale; "" when neither was sent.
	SurveyLanguage string `json:"surveyLanguage"`
	// Location is where the employee works, from the work address (else
	// the primary, else the first); null when there is no address.
	Location *locationJSON `json:"location"`
	// ManagerID is the manager's employee id; null when there is none or
	// the reference is still pending.
	ManagerID *string `json:"managerId"`
	// Attributes are the company's own attributes by name: text for
	// options and dates (YYYY-MM-DD), a number, or an employee reference
	// as the employee id (null while pending).
	Attributes   map[string]any `json:"attributes"`
	Created      time.Time      `json:"created"`
	LastModified time.Time      `json:"lastModified"`
}

type locationJSON struct {
	City    string `json:"city"`
	Country string `json:"country"`
}

type nameJSON struct {
	GivenName   string `json:"givenName"`
	FamilyName  string `json:"familyName"`
	DisplayName string `json:"displayName"`
}

// toEmployeeJSON shapes e; defs are the company's attributes (names and
// types of e.Attributes' keys; a key without a def is left out).
func toEmployeeJSON(e *directory.Employee, defs []directory.AttributeDef) employeeJSON {
	out := employeeJSON{
		ID: e.ID, UserName: e.UserName, Email: e.PrimaryEmail(), Active: e.Active, StatusChanged: e.StatusChanged,
		Name:       nameJSON{GivenName: e.Name.GivenName, FamilyName: e.Name.FamilyName, DisplayName: e.ShownName()},
		Department: e.Department, SurveyLanguage: e.SurveyLanguage(), ManagerID: targetID(e.Manager),
		Attributes: map[string]any{}, Created: e.Created, LastModified: e.LastModified,
	}
	if a, ok := e.WorkAddress(); ok {
		out.Location = &locationJSON{City: a.Locality, Country: a.Country}
	}
	for _, d := range defs {
		v, ok := e.Attributes[d.ID]
		if !ok {
			continue
		}
		switch d.Type {
		case directory.TypeOption:
			out.Attributes[d.Name] = v.Text
		case directory.TypeDate:
			out.Attributes[d.Name] = v.Date
		case directory.TypeNumber:
			out.Attributes[d.Name] = v.Number
		case directory.TypeEmployee:
			out.Attributes[d.Name] = targetID(v.Ref)
		}
	}
	return out
}

// targetID is a reference's employee id, nil when unset or pending.
func targetID(r directory.Reference) *string {
	if r.TargetID == "" {
		return nil
	}
	return &r.TargetID
}
