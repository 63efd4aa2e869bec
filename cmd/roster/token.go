package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"roster/internal/directory"
)

// tokenCreate: roster token create --company ID --label LABEL; prints the
// bearer token alone on one line. It is shown only this once. A label that
// a live connection of the company has (compared case-insensitively) is
// refused: exit status 1, the message on stderr.
func tokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("token create", stderr)
	label := fs.String("label", "", "what the token is for, e.g. \"Entra ID\" (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *company == "" || *label == "" {
		return usageError{"--company and --label are required"}
	}
	return withCompanyStore(ctx, *db, *company, func(st directory.Store) error {
		token, hash := directory.NewToken()
		c := &directory.Connection{ID: directory.NewID(), CompanyID: *company, Label: *label, TokenHash: hash}
		if err := c.Validate(); err != nil {
			return err
		}
		if err := st.CreateConnection(ctx, c); err != nil {
			return err
		}
		recordAction(ctx, st, stderr, c.CompanyID, directory.OpConnectionCreated, c.ID, fmt.Sprintf("connection %q created", c.Label))
		fmt.Fprintln(stdout, token)
		fmt.Fprintf(stderr, "created connection %s (%q); the token above is shown only once\n", c.ID, c.Label)
		return nil
	})
}

// tokenList: roster token list --company ID.
func tokenList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("token list", stderr)
	return runForCompany(ctx, fs, args, db, company, func(st directory.Store) error {
		conns, err := st.Connections(ctx, *company)
		if err != nil {
			return err
		}
		now := time.Now()
		for _, c := range conns {
			status := "active"
			if !c.Usable(now) {
				status = "revoked"
			} else if !c.RevokedAt.IsZero() {
				status = "expires " + stamp(c.RevokedAt)
			}
			fmt.Fprintln(stdout, tabbed(c.ID, c.Label, stamp(c.Created), stamp(c.LastUsed), strconv.FormatInt(c.RequestCount, 10), status))
		}
		return nil
	})
}

// tokenRevoke: roster token revoke ID; the token stops working at once.
func tokenRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlagSet("token revoke", stderr)
	id, err := parseWithArg(fs, args, "usage: roster token revoke CONNECTION_ID")
	if err != nil {
		return err
	}
	return withExistingStore(ctx, *db, func(st directory.Store) error {
		c, err := st.Connection(ctx, id)
		if err != nil {
			return err
		}
		now := time.Now()
		if !c.Usable(now) {
			// Revoked already: done, as asked, and nothing to log or to
			// move (its revocation keeps its time).
			fmt.Fprintln(stdout, id)
			fmt.Fprintf(stderr, "connection %s was revoked already, at %s\n", id, stamp(c.RevokedAt))
			return nil
		}
		owned, err := directory.LoadOwnedBy(ctx, st, c.CompanyID, []string{id})
		if err != nil {
			return err
		}
		if err := st.RevokeConnection(ctx, id, now); err != nil {
			return err
		}
		detail := directory.RevokedDetail(c.Label, owned)
		recordAction(ctx, st, stderr, c.CompanyID, directory.OpConnectionRevoked, id, detail)
		fmt.Fprintln(stdout, id)
		fmt.Fprintf(stderr, "revoked connection %s: %s\n", id, detail)
		return nil
	})
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
