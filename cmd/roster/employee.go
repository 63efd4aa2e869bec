package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// employeeList: roster employee list --company ID [--filter F]; prints
// id<TAB>userName<TAB>active|deactivated<TAB>pending references.
func employeeList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("employee list", stderr)
	filterText := fs.String("filter", "", `SCIM filter, e.g. 'active eq false'`)
	return runForCompany(ctx, fs, args, db, company, func(st directory.Store) error {
		defs, err := st.Attributes(ctx, *company)
		if err != nil {
			return err
		}
		q := directory.EmployeeQuery{Limit: 1000}
		if *filterText != "" {
			if q.Filter, err = filter.Parse(schema.UserType(directory.CompanySchema(defs)), *filterText); err != nil {
				return err
			}
		}
		for {
			page, total, err := st.Employees(ctx, *company, q)
			if err != nil {
				return err
			}
			for _, e := range page {
				var pending []string
				for _, p := range e.PendingReferences(defs) {
					pending = append(pending, p.Attribute+"="+p.Value)
				}
				fmt.Fprintln(stdout, tabbed(e.ID, e.UserName, status(e.Active), dash(strings.Join(pending, ","))))
			}
			q.Offset += len(page)
			if len(page) == 0 || q.Offset >= total {
				return nil
			}
		}
	})
}

// employeeShow: roster employee show --company ID EMPLOYEE_ID; prints
// "key: value" lines, including pending references and status history.
func employeeShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("employee show", stderr)
	return runForCompanyWithArg(ctx, fs, args, "usage: roster employee show --company ID EMPLOYEE_ID", db, company, func(st directory.Store, id string) error {
		e, err := st.Employee(ctx, *company, id)
		if err != nil {
			return err
		}
		defs, err := st.Attributes(ctx, *company)
		if err != nil {
			return err
		}
		line := func(k, v string) {
			if v != "" {
				fmt.Fprintf(stdout, "%s: %s\n", k, v)
			}
		}
		line("id", e.ID)
		line("userName", e.UserName)
		labels := map[string]string{}
		if conns, err := st.Connections(ctx, *company); err == nil {
			for _, c := range conns {
				labels[c.ID] = c.Label
			}
		}
		replaced, err := st.ConnectionReplacements(ctx, *company)
		if err != nil {
			return err
		}
		for _, x := range e.CurrentExternalIDs(replaced) {
			who := "unattributed"
			if x.ConnectionID != "" {
				who = x.ConnectionID + " " + labels[x.ConnectionID]
			}
			line("externalId ("+who+")", x.Value)
		}
		line("name", e.Name.GivenFamily())
		line("displayName", e.DisplayName)
		line("email", e.PrimaryEmail())
		line("status", status(e.Active))
		line("title", e.Title)
		line("department", e.Department)
		line("employeeNumber", e.EmployeeNumber)
		line("manager", describeRef(e.Manager))
		for _, d := range defs {
			if d.Type == directory.TypeEmployee {
				line("attribute "+d.Name, describeRef(e.Attributes[d.ID].Ref))
			} else if v, ok := e.CanonicalAttribute(d); ok {
				line("attribute "+d.Name, fmt.Sprint(v))
			}
		}
		for _, p := range e.PendingReferences(defs) {
			line("pending reference", fmt.Sprintf("%s = %q (no such employee yet; resolved when they are provisioned)", p.Attribute, p.Value))
		}
		history, err := st.StatusHistory(ctx, *company, id)
		if err != nil {
			return err
		}
		names, err := directory.LoadActorNames(ctx, st, *company)
		if err != nil {
			return err
		}
		for _, h := range history {
			line("status change", fmt.Sprintf("%s %s by %s", stamp(h.At), status(h.Active), names.Label(h.By())))
		}
		activity, err := st.Activity(ctx, *company, id)
		if err != nil {
			return err
		}
		for _, a := range activity {
			line("activity", fmt.Sprintf("%s %s: %s", stamp(a.At), a.Kind, a.Detail))
		}
		return nil
	})
}

func status(active bool) string {
	if active {
		return "active"
	}
	return "deactivated"
}

func describeRef(r directory.Reference) string {
	switch {
	case r.Value == "":
		return ""
	case r.Pending():
		return fmt.Sprintf("%q (pending)", r.Value)
	default:
		return fmt.Sprintf("%s (%s)", r.TargetName, r.TargetID)
	}
}
