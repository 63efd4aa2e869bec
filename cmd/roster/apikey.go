package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"roster/internal/directory"
)

// apikeyCreate: roster apikey create --label L [--company ID]…; prints
// the product API key alone on one line, shown only this once. Without
// --company the key may see every company.
func apikeyCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlagSet("apikey create", stderr)
	label := fs.String("label", "", "what the key is for, e.g. \"survey engine\" (required)")
	var companies listFlag
	fs.Var(&companies, "company", "a company the key may see (repeatable); none: every company")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *label == "" {
		return usageError{"--label is required"}
	}
	key, hash := directory.NewAPIKey()
	k := &directory.APIKey{ID: directory.NewID(), Label: *label, Companies: companies, Hash: hash}
	if err := k.Validate(); err != nil {
		return err
	}
	// A key for named companies needs a database that holds them.
	open := withStore
	if len(companies) > 0 {
		open = withExistingStore
	}
	return open(ctx, *db, func(st directory.Store) error {
		for _, id := range companies {
			if err := requireCompany(ctx, st, id); err != nil {
				return err
			}
		}
		if err := st.CreateAPIKey(ctx, k); err != nil {
			return err
		}
		fmt.Fprintln(stdout, key)
		fmt.Fprintf(stderr, "created API key %s (%q); the key above is shown only once\n", k.ID, k.Label)
		return nil
	})
}

// apikeyList: roster apikey list; one key a line:
// id<TAB>label<TAB>created<TAB>companies<TAB>status, companies being
// comma-separated ids or "all", status "active" or "revoked".
func apikeyList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlagSet("apikey list", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	return withExistingStore(ctx, *db, func(st directory.Store) error {
		keys, err := st.APIKeys(ctx)
		if err != nil {
			return err
		}
		now := time.Now()
		for _, k := range keys {
			companies, status := "all", "active"
			if len(k.Companies) > 0 {
				companies = strings.Join(k.Companies, ",")
			}
			if !k.Usable(now) {
				status = "revoked"
			}
			fmt.Fprintln(stdout, tabbed(k.ID, k.Label, stamp(k.Created), companies, status))
		}
		return nil
	})
}

// apikeyRevoke: roster apikey revoke ID; the key stops working at once.
func apikeyRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlagSet("apikey revoke", stderr)
	id, err := parseWithArg(fs, args, "usage: roster apikey revoke KEY_ID")
	if err != nil {
		return err
	}
	return withExistingStore(ctx, *db, func(st directory.Store) error {
		if err := st.RevokeAPIKey(ctx, id, time.Now()); err != nil {
			return err
		}
		fmt.Fprintln(stdout, id)
		fmt.Fprintf(stderr, "revoked API key %s\n", id)
		return nil
	})
}
