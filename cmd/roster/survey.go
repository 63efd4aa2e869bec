package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"roster/internal/directory"
)

// The survey commands (output shapes are contracts scripts rely on):
//
//	roster survey schedule --company ID --name N --opens RFC3339 [--closes RFC3339] [--every 2w|1m]
//	roster survey list --company ID        id<TAB>name<TAB>opens<TAB>closes<TAB>audience size
//	roster survey audience --company ID ROUND_ID   employee id<TAB>userName
//	roster survey why --company ID ROUND_ID EMPLOYEE_ID   included | excluded<TAB>reason
//	roster survey update --company ID ROUND_ID [--name N] [--opens RFC3339] [--closes RFC3339]   (survey_update.go)
//	roster survey cancel --company ID ROUND_ID
//
// schedule, update and cancel are administrators' actions: each is in the
// company's activity log.

// parseTimeFlag reads an RFC 3339 flag value.
func parseTimeFlag(name, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, usageError{fmt.Sprintf("--%s %q is not an RFC 3339 time such as 2026-12-07T09:00:00Z", name, v)}
	}
	return t, nil
}

// surveySchedule creates a one-off round, or with --every a schedule
// (whose next rounds are created at once), and prints its id.
func surveySchedule(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("survey schedule", stderr)
	name := fs.String("name", "", "the round's (or schedule's) name (required)")
	opens := fs.String("opens", "", "when the (first) round opens, RFC 3339 (required)")
	closes := fs.String("closes", "", "when the (first) round closes, RFC 3339 (default: a week after it opens)")
	every := fs.String("every", "", "repeat every N weeks (2w) or N months (1m) from --opens")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *opens == "" {
		return usageError{"--opens is required"}
	}
	openAt, err := parseTimeFlag("opens", *opens)
	if err != nil {
		return err
	}
	var closeAt time.Time
	if *closes != "" {
		if closeAt, err = parseTimeFlag("closes", *closes); err != nil {
			return err
		}
	}
	// Every mistake in the command line is told before the database is
	// opened (which creates it where it does not exist).
	var sc directory.Schedule
	if *every != "" {
		weeks, months, err := directory.ParseEvery(*every)
		if err != nil {
			return usageError{"--every: " + err.Error()}
		}
		sc = directory.Schedule{ID: directory.NewID(), CompanyID: *company, Name: *name, Start: openAt, EveryWeeks: weeks, EveryMonths: months}
		if !closeAt.IsZero() {
			if sc.Length = closeAt.Sub(openAt); sc.Length <= 0 {
				return usageError{"--closes must be after --opens"}
			}
		}
	}
	return withCompanyStore(ctx, *db, *company, func(st directory.Store) error {
		if *every == "" {
			r := directory.SurveyRound{ID: directory.NewID(), CompanyID: *company, Name: *name, OpensAt: openAt, ClosesAt: closeAt}
			if err := st.CreateSurveyRound(ctx, &r); err != nil {
				return err
			}
			recordAction(ctx, st, stderr, *company, directory.OpSurveyScheduled, "", r.ScheduledDetail())
			fmt.Fprintln(stdout, r.ID)
			return nil
		}
		// The start counts as upcoming: "now" is just before it when it lies
		// ahead, so the first round is the one at --opens.
		now := time.Now()
		if openAt.After(now) {
			now = openAt.Add(-time.Microsecond)
		}
		if err := st.CreateSurveySchedule(ctx, &sc, now); err != nil {
			return err
		}
		recordAction(ctx, st, stderr, *company, directory.OpSurveyScheduled, "", sc.ScheduledDetail())
		fmt.Fprintln(stdout, sc.ID)
		return nil
	})
}

// surveyList prints the company's rounds (cancelled ones left out) by
// opening time.
func surveyList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("survey list", stderr)
	return runForCompany(ctx, fs, args, db, company, func(st directory.Store) error {
		rounds, err := st.SurveyRounds(ctx, *company)
		if err != nil {
			return err
		}
		for _, r := range rounds {
			if r.Cancelled {
				continue
			}
			fmt.Fprintln(stdout, tabbed(r.ID, r.Name, r.OpensAt.UTC().Format(time.RFC3339), r.ClosesAt.UTC().Format(time.RFC3339), strconv.Itoa(r.AudienceSize)))
		}
		return nil
	})
}

// surveyAudience prints the round's audience in employee id order; an
// employee deleted since the round opened has an empty userName.
func surveyAudience(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("survey audience", stderr)
	return runForCompanyWithArg(ctx, fs, args, "usage: roster survey audience --company ID ROUND_ID", db, company, func(st directory.Store, round string) error {
		const pageSize = 1000
		for after := ""; ; {
			page, _, err := st.SurveyAudience(ctx, *company, round, after, pageSize)
			if err != nil {
				return err
			}
			for _, m := range page {
				fmt.Fprintln(stdout, tabbed(m.EmployeeID, m.UserName))
			}
			if len(page) < pageSize {
				return nil
			}
			after = page[len(page)-1].EmployeeID
		}
	})
}

// surveyWhy prints "included" or "excluded<TAB>reason".
func surveyWhy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("survey why", stderr)
	ids, err := parseWithArgs(fs, args, 2, "usage: roster survey why --company ID ROUND_ID EMPLOYEE_ID")
	if err != nil {
		return err
	}
	round, employee := ids[0], ids[1]
	return withCompanyStore(ctx, *db, *company, func(st directory.Store) error {
		w, err := st.SurveyWhy(ctx, *company, round, employee)
		if err != nil {
			return err
		}
		if w.Included() {
			fmt.Fprintln(stdout, "included")
			return nil
		}
		names, err := directory.LoadActorNames(ctx, st, *company)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, tabbed("excluded", w.Text(names)))
		return nil
	})
}

// surveyCancel cancels a round that has not opened and prints its id.
func surveyCancel(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db, company := companyFlagSet("survey cancel", stderr)
	return runForCompanyWithArg(ctx, fs, args, "usage: roster survey cancel --company ID ROUND_ID", db, company, func(st directory.Store, round string) error {
		r, err := st.SurveyRound(ctx, *company, round)
		if err != nil {
			return err
		}
		if r.Cancelled {
			fmt.Fprintln(stdout, round)
			fmt.Fprintf(stderr, "round %s was cancelled already\n", round)
			return nil
		}
		if err := st.CancelSurveyRound(ctx, *company, round); err != nil {
			return err
		}
		recordAction(ctx, st, stderr, *company, directory.OpSurveyCancelled, "", r.CancelledDetail())
		fmt.Fprintln(stdout, round)
		return nil
	})
}
