package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"roster/internal/directory"
	"roster/internal/web"
)

// stdin is where `admin create` reads the password when no
// --password-file is given; tests replace it.
var stdin io.Reader = os.Stdin

// adminCreate: roster admin create (--company ID | --company-name NAME)
// --email E [--password-file FILE]; prints the new admin's id. The
// password is the first line of the file, else of standard input (no
// prompt, so that scripts can pipe it; it never appears in the process
// list as a flag would).
func adminCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlagSet("admin create", stderr)
	company := fs.String("company", "", "id of the company the admin manages")
	companyName := fs.String("company-name", "", "create a new company with this name for the admin (instead of --company)")
	email := fs.String("email", "", "the admin's email address, used to sign in (required)")
	passwordFile := fs.String("password-file", "", "file whose first line is the password (default: read the first line of standard input)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*company == "") == (*companyName == "") || *email == "" {
		return usageError{"--email and exactly one of --company and --company-name are required"}
	}
	password, err := readPassword(*passwordFile)
	if err != nil {
		return err
	}
	var newCompany *directory.Company
	companyID := *company
	if *companyName != "" {
		newCompany = &directory.Company{ID: directory.NewID(), Name: *companyName}
		if err := newCompany.Validate(); err != nil {
			return err
		}
		companyID = newCompany.ID
	}
	a, err := web.NewAdmin(companyID, *email, password, web.DefaultPasswordParams)
	if err != nil {
		return err
	}
	// An admin of a company named by id needs a database that holds it.
	open := withStore
	if newCompany == nil {
		open = withExistingStore
	}
	return open(ctx, *db, func(st directory.Store) error {
		if err := st.CreateAdmin(ctx, a, newCompany); err != nil {
			if directory.ErrorCode(err) == directory.ENotFound {
				return fmt.Errorf("no company with id %q (roster company list shows them)", companyID)
			}
			return err
		}
		if newCompany != nil { // as roster company create logs it
			recordAction(ctx, st, stderr, companyID, directory.OpCompanyCreated, "", fmt.Sprintf("company %q created", newCompany.Name))
		}
		recordAction(ctx, st, stderr, companyID, directory.OpAdminCreated, "", fmt.Sprintf("admin %s (%s) created", a.Email, a.ID))
		fmt.Fprintln(stdout, a.ID)
		if newCompany != nil {
			fmt.Fprintf(stderr, "created company %q (%s)\n", newCompany.Name, newCompany.ID)
		}
		fmt.Fprintf(stderr, "created admin %s; sign in to the console with this email and password\n", a.Email)
		return nil
	})
}

// readPassword returns the first line of the file, or of stdin when file
// is "", without its line ending.
func readPassword(file string) (string, error) {
	r := stdin
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", err
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		src := "standard input"
		if file != "" {
			src = file
		}
		return "", usageError{"no password: put it on the first line of " + src}
	}
	return line, nil
}
