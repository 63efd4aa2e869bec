package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"roster/internal/directory"
)

// attributeUpdate: roster attribute update --company ID ATTRIBUTE
// [--rename NEW] [--add-option X]… [--remove-option X]…
// [--rename-option OLD=NEW]… [--alias A]… [--remove-alias A]… [--type T]
// [--open|--closed] [--acknowledge] [--yes]. ATTRIBUTE is the id, name or
// an alias. Prints the attribute as `attribute list` does; removing an
// option that employees hold is refused, saying how many, unless --yes
// (their values are then cleared).
func attributeUpdate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("attribute update", stderr)
	rename := fs.String("rename", "", "new name; the old name stays accepted as an alias")
	typ := fs.String("type", "", "new type (option, date or number); refused unless every stored value converts")
	var addOptions, removeOptions, renameOptions, aliases, removeAliases listFlag
	fs.Var(&addOptions, "add-option", "add an option (repeatable)")
	fs.Var(&removeOptions, "remove-option", "remove an option; employees holding it lose the value (repeatable; needs --yes when any does)")
	fs.Var(&renameOptions, "rename-option", "OLD=NEW: rename an option and the values holding it (repeatable)")
	fs.Var(&aliases, "alias", "add an alias, without spaces (repeatable)")
	fs.Var(&removeAliases, "remove-alias", "remove an alias (repeatable)")
	open := fs.Bool("open", false, "accept values not in the option list and add them to it")
	closed := fs.Bool("closed", false, "refuse values not in the option list")
	ack := fs.Bool("acknowledge", false, "acknowledge the options an open list added")
	yes := fs.Bool("yes", false, "confirm clearing the values of removed options")
	fs.BoolVar(yes, "force", false, "same as --yes")
	ref, err := parseWithArg(fs, args, "usage: roster attribute update --company ID [flags] ATTRIBUTE (id, name or alias)")
	if err != nil {
		return err
	}
	if err := checkTypeFlag(*typ); err != nil {
		return err
	}
	edit := directory.AttributeEdit{Rename: *rename, Type: directory.AttributeType(*typ), AddOptions: addOptions,
		RemoveOptions: removeOptions, AddAliases: aliases, RemoveAliases: removeAliases, AcknowledgeNew: *ack, Confirmed: *yes}
	for _, r := range renameOptions {
		old, to, ok := strings.Cut(r, "=")
		if !ok {
			return usageError{fmt.Sprintf("--rename-option takes OLD=NEW; got %q", r)}
		}
		edit.RenameOptions = append(edit.RenameOptions, directory.OptionRename{Old: old, New: to})
	}
	switch {
	case *open && *closed:
		return usageError{"--open and --closed exclude each other"}
	case *open, *closed:
		edit.Open = open
	}
	if edit.Empty() {
		return usageError{"nothing to change: give --rename, --type, an option, alias, --open/--closed or --acknowledge flag"}
	}
	return withCompanyStore(ctx, *db, *company, func(st directory.Store) error {
		before, err := findAttribute(ctx, st, *company, ref)
		if err != nil {
			return err
		}
		res, err := st.EditAttribute(ctx, *company, before.ID, edit)
		if directory.ErrorKind(err) == directory.KindConfirm {
			return fmt.Errorf("%w (run again with --yes)", err)
		}
		if err != nil {
			return err
		}
		summary := res.Summary(before, edit)
		recordAction(ctx, st, stderr, *company, directory.OpAttributeChanged, "", summary)
		printAttribute(stdout, res.Attribute)
		fmt.Fprintln(stderr, summary)
		return nil
	})
}

// findAttribute returns the company's attribute named by ref: its id,
// name or an alias.
func findAttribute(ctx context.Context, st directory.Store, company, ref string) (directory.AttributeDef, error) {
	defs, err := st.Attributes(ctx, company)
	if err != nil {
		return directory.AttributeDef{}, err
	}
	a, ok := directory.FindAttribute(defs, ref)
	if !ok {
		return a, directory.NotFound("company %s has no attribute with id, name or alias %q (see roster attribute list)", company, ref)
	}
	return a, nil
}

// printSenders says which connections sent the attribute recently: they
// will be refused once it is gone, so their mappings need changing.
func printSenders(ctx context.Context, st directory.Store, w io.Writer, a directory.AttributeDef) error {
	senders, err := st.AttributeSenders(ctx, a.CompanyID, a.ID, time.Now().Add(-directory.SenderWindow))
	if err != nil {
		return err
	}
	if len(senders) == 0 {
		fmt.Fprintf(w, "no connection sent %q in the last 30 days\n", a.Name)
		return nil
	}
	names, err := directory.LoadActorNames(ctx, st, a.CompanyID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "sent in the last 30 days by (remove it from their mappings, or their writes will be refused):\n")
	for _, s := range senders {
		fmt.Fprintf(w, "  %s (%s): %d writes, last %s\n", names.Label(directory.Actor{ConnectionID: s.ConnectionID}),
			s.ConnectionID, s.Writes, s.Last.Format(time.RFC3339))
	}
	return nil
}
