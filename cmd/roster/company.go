package main

import (
	"context"
	"fmt"
	"io"

	"roster/internal/directory"
)

// companyCreate: roster company create --name NAME; prints the id.
func companyCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlagSet("company create", stderr)
	name := fs.String("name", "", "company name (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *name == "" {
		return usageError{"--name is required"}
	}
	return withStore(ctx, *db, func(st directory.Store) error {
		c := &directory.Company{ID: directory.NewID(), Name: *name}
		if err := c.Validate(); err != nil {
			return err
		}
		if err := st.CreateCompany(ctx, c); err != nil {
			return err
		}
		recordAction(ctx, st, stderr, c.ID, directory.OpCompanyCreated, "", fmt.Sprintf("company %q created", c.Name))
		fmt.Fprintln(stdout, c.ID)
		fmt.Fprintf(stderr, "created company %q\n", c.Name)
		return nil
	})
}

// companyList: roster company list; prints id<TAB>name.
func companyList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlagSet("company list", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	return withExistingStore(ctx, *db, func(st directory.Store) error {
		companies, err := st.Companies(ctx)
		if err != nil {
			return err
		}
		for _, c := range companies {
			fmt.Fprintln(stdout, tabbed(c.ID, c.Name))
		}
		return nil
	})
}
