package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"roster/internal/directory"
)

// The mass-deactivation guard commands (output shapes are contracts
// scripts rely on):
//
//	roster guard status --company ID    held<TAB>connection<TAB>count<TAB>since per line, or none
//	roster guard release --company ID [--connection ID]   prints how many were released

// guardStatus prints the company's holds by connection.
func guardStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("guard status", stderr)
	return runForCompany(ctx, fs, args, db, company, func(st directory.Store) error {
		holds, err := st.GuardHolds(ctx, *company)
		if err != nil {
			return err
		}
		if len(holds) == 0 {
			fmt.Fprintln(stdout, "none")
			return nil
		}
		for _, s := range directory.SummarizeHolds(holds) {
			fmt.Fprintf(stdout, "held\t%s\t%d\t%s\n", s.ConnectionID, s.Count, s.Since.UTC().Format(time.RFC3339))
		}
		return nil
	})
}

// guardRelease releases the company's holds (of one connection with
// --connection) and prints how many.
func guardRelease(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("guard release", stderr)
	conn := fs.String("connection", "", "release only this connection's holds (default: all)")
	return runForCompany(ctx, fs, args, db, company, func(st directory.Store) error {
		if *conn != "" {
			// A mistyped id would release nothing and look like success: a
			// failure (exit 1), as owner set's — the flag is well formed,
			// the connection is not the company's.
			if err := requireConnection(ctx, st, *company, *conn); err != nil {
				return err
			}
		}
		n, err := st.ReleaseGuardHolds(ctx, *company, *conn, directory.Actor{Request: &directory.RequestInfo{Client: directory.ClientCLI}})
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, n)
		return nil
	})
}
