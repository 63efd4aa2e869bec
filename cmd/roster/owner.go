package main

import (
	"context"
	"fmt"
	"io"

	"roster/internal/directory"
)

// ownerSet: roster owner set --company ID --attribute NAME --connection ID.
// NAME is a core attribute as SCIM names it (department, title, active …)
// or a company attribute's name.
func ownerSet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("owner set", stderr)
	attr := fs.String("attribute", "", "attribute: department, title, active … or a company attribute's name (required)")
	conn := fs.String("connection", "", "id of the connection that owns it, see roster token list (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *attr == "" || *conn == "" {
		return usageError{"--company, --attribute and --connection are required"}
	}
	return withOwners(ctx, *db, *company, func(st directory.Store, defs []directory.AttributeDef) error {
		name := directory.ResolveAttribute(*attr, defs)
		if err := st.SetOwner(ctx, *company, name, *conn); err != nil {
			return err
		}
		c, err := st.Connection(ctx, *conn)
		if err != nil {
			return err
		}
		detail := directory.OwnerSetDetail(directory.AttributeLabel(name, defs), c.Label)
		recordAction(ctx, st, stderr, *company, directory.OpOwnerSet, *conn, detail)
		fmt.Fprintln(stderr, detail)
		return nil
	})
}

// ownerClear: roster owner clear --company ID --attribute NAME.
func ownerClear(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("owner clear", stderr)
	attr := fs.String("attribute", "", "attribute whose owner to remove (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *attr == "" {
		return usageError{"--company and --attribute are required"}
	}
	return withOwners(ctx, *db, *company, func(st directory.Store, defs []directory.AttributeDef) error {
		name := directory.ResolveAttribute(*attr, defs)
		owners, err := st.Owners(ctx, *company)
		if err != nil {
			return err
		}
		if _, owned := owners.Of(name); !owned {
			// Nothing to clear (done, as asked), but said: a mistyped
			// name would otherwise look like a cleared owner.
			fmt.Fprintf(stderr, "%s has no owner; nothing cleared (roster owner list shows the owners)\n", directory.AttributeLabel(name, defs))
			return nil
		}
		if err := st.ClearOwner(ctx, *company, name); err != nil {
			return err
		}
		detail := directory.OwnerClearedDetail(directory.AttributeLabel(name, defs))
		recordAction(ctx, st, stderr, *company, directory.OpOwnerCleared, "", detail)
		fmt.Fprintln(stderr, detail)
		return nil
	})
}

// ownerList: roster owner list --company ID; prints
// attribute<TAB>connection id<TAB>connection label.
func ownerList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("owner list", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	return withOwners(ctx, *db, *company, func(st directory.Store, defs []directory.AttributeDef) error {
		owners, err := st.Owners(ctx, *company)
		if err != nil {
			return err
		}
		for _, o := range owners {
			fmt.Fprintln(stdout, tabbed(directory.AttributeLabel(o.Attribute, defs), o.ConnectionID, o.ConnectionLabel))
		}
		return nil
	})
}

// withOwners opens the store for the company and calls fn with it and the
// company's attributes (owner commands name them).
func withOwners(ctx context.Context, db, company string, fn func(directory.Store, []directory.AttributeDef) error) error {
	return withCompanyStore(ctx, db, company, func(st directory.Store) error {
		defs, err := st.Attributes(ctx, company)
		if err != nil {
			return err
		}
		return fn(st, defs)
	})
}
