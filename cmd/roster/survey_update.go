package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"roster/internal/directory"
)

// surveyUpdate edits a round that has not opened yet and prints its id:
//
//	roster survey update --company ID ROUND_ID [--name N] [--opens RFC3339] [--closes RFC3339]
//
// Only the flags given change. A round that has opened or was cancelled
// is refused (exit 1): its audience is frozen for the opening it had.
func surveyUpdate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("survey update", stderr)
	name := fs.String("name", "", "the round's new name")
	opens := fs.String("opens", "", "when the round opens, RFC 3339 (in the future)")
	closes := fs.String("closes", "", "when the round closes, RFC 3339 (after it opens)")
	round, err := parseWithArg(fs, args, "usage: roster survey update --company ID ROUND_ID [--name N] [--opens RFC3339] [--closes RFC3339]")
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var ed directory.RoundEdit
	if given["name"] {
		ed.Name = name
	}
	for _, f := range []struct {
		flag  string
		value *string
		to    **time.Time
	}{{"opens", opens, &ed.OpensAt}, {"closes", closes, &ed.ClosesAt}} {
		if given[f.flag] {
			t, err := parseTimeFlag(f.flag, *f.value)
			if err != nil {
				return err
			}
			*f.to = &t
		}
	}
	if ed.Empty() {
		return usageError{"nothing to change: give --name, --opens or --closes"}
	}
	return withCompanyStore(ctx, *db, *company, func(st directory.Store) error {
		var before directory.SurveyRound
		r, err := st.UpdateSurveyRound(ctx, *company, round, directory.KeepingBefore(&before, ed.Apply))
		if err != nil {
			return err
		}
		recordAction(ctx, st, stderr, *company, directory.OpSurveyEdited, "", r.EditedDetail(before))
		fmt.Fprintln(stdout, r.ID)
		return nil
	})
}
