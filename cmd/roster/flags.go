package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"roster/internal/directory"
	"roster/internal/store/postgres"
	"roster/internal/store/sqlite"
)

// newFlagSet returns a flag set with the --db flag every command shares.
func newFlagSet(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("roster "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "roster.db", "database: a SQLite file path, or a postgres:// URL (env ROSTER_DB)")
	return fs, db
}

// companyFlagSet is newFlagSet plus the --company flag.
func companyFlagSet(name string, stderr io.Writer) (*flag.FlagSet, *string, *string) {
	fs, db := newFlagSet(name, stderr)
	return fs, db, fs.String("company", "", "company id (required)")
}

// withCompanyStore is withStore for a command of one company: it checks
// that --company was given first.
func withCompanyStore(ctx context.Context, db, company string, fn func(st directory.Store) error) error {
	if company == "" {
		return usageError{"--company is required"}
	}
	return withExistingStore(ctx, db, func(st directory.Store) error {
		// A list of a company that does not exist would print nothing
		// and succeed, as an empty one does: a mistyped id must fail.
		if err := requireCompany(ctx, st, company); err != nil {
			return err
		}
		return fn(st)
	})
}

// requireCompany fails, saying so, unless the database holds the company.
func requireCompany(ctx context.Context, st directory.Store, company string) error {
	if _, err := st.Company(ctx, company); err != nil {
		if directory.ErrorCode(err) == directory.ENotFound {
			return fmt.Errorf("no company with id %q (roster company list shows them)", company)
		}
		return err
	}
	return nil
}

// requireConnection fails, saying so, unless the company has the
// connection.
func requireConnection(ctx context.Context, st directory.Store, company, connection string) error {
	c, err := st.Connection(ctx, connection)
	if err != nil && directory.ErrorCode(err) != directory.ENotFound {
		return err
	}
	if err != nil || c.CompanyID != company {
		return fmt.Errorf("the company has no connection %q (roster token list shows them)", connection)
	}
	return nil
}

// parse parses args over the environment's values (fromEnv), turning
// flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fromEnv(fs); err != nil {
		return err
	}
	return parseArgs(fs, args)
}

// parseArgs is parse without the environment: for the arguments after a
// positional one, whose flags' environment values were set already.
func parseArgs(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// openStore opens the database named by dsn: a postgres:// or
// postgresql:// URL selects PostgreSQL, anything else is a SQLite file.
func openStore(ctx context.Context, dsn string) (directory.Store, error) {
	return openStoreWith(ctx, dsn, postgres.Options{})
}

// openStoreWith is openStore with PostgreSQL's options.
func openStoreWith(ctx context.Context, dsn string, pg postgres.Options) (directory.Store, error) {
	if isPostgres(dsn) {
		st, err := postgres.Open(ctx, dsn, pg)
		if err != nil {
			// The URL may hold a password: never print it.
			return nil, fmt.Errorf("open PostgreSQL database: %w", err)
		}
		return st, nil
	}
	st, err := sqlite.Open(ctx, dsn, sqlite.Options{})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", dsn, err)
	}
	return st, nil
}

// isPostgres reports whether dsn names a PostgreSQL database rather than
// a SQLite file.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// withStore opens the store at dsn, runs fn on it and closes it: the
// frame of the commands that name no company. A SQLite file that does
// not exist is created, as roster serve creates it: the commands that
// make the first things of a database (company create, admin create,
// apikey create) use it.
func withStore(ctx context.Context, dsn string, fn func(st directory.Store) error) error {
	st, err := openStore(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

// withExistingStore is withStore for a command that reads or changes
// what a database holds: a SQLite file that does not exist is a failure,
// not a new empty database. A --db mistyped would otherwise list nothing
// and succeed, and leave a stray file behind.
func withExistingStore(ctx context.Context, dsn string, fn func(st directory.Store) error) error {
	// A file: URI is SQLite's own form, left to it.
	if !isPostgres(dsn) && !strings.HasPrefix(dsn, "file:") {
		if _, err := os.Stat(dsn); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("no roster database at %s (roster serve, company create, admin create and apikey create make one; --db or ROSTER_DB names it)", dsn)
		}
	}
	return withStore(ctx, dsn, fn)
}

// parseFlags parses the flags at the start of args, turning flag errors
// but a request for help into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err != nil && err != flag.ErrHelp {
		return usageError{err.Error()}
	}
	return err
}

// parseWithArgs parses flags that may stand before or after n positional
// arguments, over the environment's values, and returns the arguments;
// usage is the refusal when fewer are given.
func parseWithArgs(fs *flag.FlagSet, args []string, n int, usage string) ([]string, error) {
	if err := fromEnv(fs); err != nil {
		return nil, err
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() < n {
		return nil, usageError{usage}
	}
	positional := slices.Clone(fs.Args()[:n])
	return positional, parseArgs(fs, fs.Args()[n:])
}

// parseWithArg is parseWithArgs for one argument.
func parseWithArg(fs *flag.FlagSet, args []string, usage string) (string, error) {
	positional, err := parseWithArgs(fs, args, 1, usage)
	if err != nil {
		return "", err
	}
	return positional[0], nil
}

// redactDSN hides the password of a database URL for logs.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// runForCompany parses a company command's flags (db and company are
// read after parsing), opens the store, runs fn on it and closes it: the
// frame the `--company` commands share.
func runForCompany(ctx context.Context, fs *flag.FlagSet, args []string, db, company *string, fn func(st directory.Store) error) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	return withCompanyStore(ctx, *db, *company, fn)
}

// runForCompanyWithArg is runForCompany for a command that takes one
// argument after its flags (an employee, attribute or round id), which
// fn gets; usage is the refusal when it is missing.
func runForCompanyWithArg(ctx context.Context, fs *flag.FlagSet, args []string, usage string, db, company *string, fn func(st directory.Store, arg string) error) error {
	arg, err := parseWithArg(fs, args, usage)
	if err != nil {
		return err
	}
	return withCompanyStore(ctx, *db, *company, func(st directory.Store) error { return fn(st, arg) })
}
