package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"roster/internal/directory"
	"roster/internal/scim/schema"
)

// listFlag collects a repeatable string flag (--alias A --alias B).
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// attributeCreate: roster attribute create --company ID --name NAME --type
// TYPE [--alias A]… [--option O]… [--open]; prints the attribute id.
func attributeCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("attribute create", stderr)
	name := fs.String("name", "", "attribute name, e.g. \"Employed since\" (required)")
	typ := fs.String("type", "", "option, date, number or employee (required)")
	var aliases, options listFlag
	fs.Var(&aliases, "alias", "another name clients may use, without spaces (repeatable), e.g. Employed_Since")
	fs.Var(&options, "option", "an allowed value of an option attribute (repeatable; none means any text)")
	open := fs.Bool("open", false, "option attribute: accept values not in the list and add them to it")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *company == "" || *name == "" || *typ == "" {
		return usageError{"--company, --name and --type are required"}
	}
	if err := checkTypeFlag(*typ); err != nil {
		return err
	}
	a := &directory.AttributeDef{ID: directory.NewID(), CompanyID: *company, Name: *name,
		Type: directory.AttributeType(*typ), Aliases: aliases, Options: options, Open: *open}
	if err := a.ValidateNew(); err != nil {
		return err
	}
	return withCompanyStore(ctx, *db, *company, func(st directory.Store) error {
		if err := st.CreateAttribute(ctx, a); err != nil {
			return err
		}
		recordAction(ctx, st, stderr, a.CompanyID, directory.OpAttributeCreated, "", fmt.Sprintf("attribute %q (%s) created", a.Name, a.Type))
		fmt.Fprintln(stdout, a.ID)
		if p := a.PathName(); p != "" {
			fmt.Fprintf(stderr, "created attribute %q; identity providers send it as %s:%s\n", a.Name, schema.CompanyURN, p)
		} else {
			fmt.Fprintf(stderr, "created attribute %q; its name cannot appear in a SCIM path (only letters A-Z, digits, '_' and '-' can), so add an --alias such as Employed_Since to use it there (Okta needs one)\n", a.Name)
		}
		return nil
	})
}

// attributeList: roster attribute list --company ID; prints
// id<TAB>name<TAB>type<TAB>aliases<TAB>options<TAB>SCIM path.
func attributeList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("attribute list", stderr)
	return runForCompany(ctx, fs, args, db, company, func(st directory.Store) error {
		defs, err := st.Attributes(ctx, *company)
		if err != nil {
			return err
		}
		for _, a := range defs {
			printAttribute(stdout, a)
		}
		return nil
	})
}

// printAttribute prints one line of attribute list. An open option list
// ends its options with ",…" (it takes new values too).
func printAttribute(w io.Writer, a directory.AttributeDef) {
	path := "-"
	if p := a.PathName(); p != "" {
		path = schema.CompanyURN + ":" + p
	}
	options := strings.Join(a.Options, ",")
	if a.Open {
		options += ",…"
	}
	fmt.Fprintln(w, tabbed(a.ID, a.Name, string(a.Type), dash(strings.Join(a.Aliases, ",")), dash(strings.Trim(options, ",")), path))
}

// attributeDelete: roster attribute delete --company ID [--confirm] ID.
// An attribute that holds values is deleted only with --confirm, and the
// number of values that go is reported either way, with the connections
// that sent it in the last 30 days.
func attributeDelete(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("attribute delete", stderr)
	confirm := fs.Bool("confirm", false, "delete even though employees hold values of it")
	return runForCompanyWithArg(ctx, fs, args, "usage: roster attribute delete --company ID [--confirm] ATTRIBUTE_ID", db, company, func(st directory.Store, id string) error {
		a, err := st.Attribute(ctx, *company, id)
		if err != nil {
			return err
		}
		n, err := st.CountAttributeValues(ctx, *company, id)
		if err != nil {
			return err
		}
		if err := printSenders(ctx, st, stderr, a); err != nil {
			return err
		}
		if n > 0 && !*confirm {
			return fmt.Errorf("attribute %q holds values for %d employees; run again with --confirm to delete it and those %d values", a.Name, n, n)
		}
		removed, err := st.DeleteAttribute(ctx, *company, id)
		if err != nil {
			return err
		}
		recordAction(ctx, st, stderr, *company, directory.OpAttributeDeleted, "", fmt.Sprintf("attribute %q deleted with its %d values", a.Name, removed))
		fmt.Fprintln(stdout, id)
		fmt.Fprintf(stderr, "deleted attribute %q and %d values\n", a.Name, removed)
		return nil
	})
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// checkTypeFlag refuses a --type that names no attribute type: a usage
// error (exit 2), as any other bad flag value, before the store is
// opened.
func checkTypeFlag(typ string) error {
	if typ == "" || slices.Contains(directory.AttributeTypes, directory.AttributeType(typ)) {
		return nil
	}
	return usageError{fmt.Sprintf("--type %q is not one of option, date, number, employee", typ)}
}
