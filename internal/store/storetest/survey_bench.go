package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"roster/internal/directory"
)

// SurveyBenchEmployees is the company size the issue asks audiences to
// be fast at.
const SurveyBenchEmployees = 100_000

// BenchSurveyAudience measures a round's audience at SurveyBenchEmployees
// employees (one in ten deactivated after creation, so 90,000 in the
// audience) on the store open returns, on the clock now. Every backend's
// benchmark calls it, so their numbers compare. seeded, when not nil, is
// called once the employees are written (SQLite turns full syncs back
// on). Sub-benchmarks: the size of a frozen audience, a page of 100 of
// it from the middle, a page of a round not open yet (computed from the
// status history), and a why.
func BenchSurveyAudience(b *testing.B, open func(b *testing.B, now func() time.Time) directory.Store, seeded func()) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var clock atomic.Int64
	clock.Store(t0.UnixMicro())
	s := open(b, func() time.Time { return time.UnixMicro(clock.Load()) })
	ctx := context.Background()
	c := directory.Company{ID: directory.NewID(), Name: "Bench"}
	if err := s.CreateCompany(ctx, &c); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	const chunk = 2000
	for first := 0; first < SurveyBenchEmployees; first += chunk {
		err := s.Batch(ctx, c.ID, func(bt directory.Batch) error {
			for i := first; i < first+chunk; i++ {
				clock.Add(1)
				e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("user%06d@example.com", i), Active: true}
				if err := bt.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
					return err
				}
				if i%10 == 0 {
					if _, err := bt.UpdateEmployee(ctx, e.ID, directory.Actor{}, func(u *directory.Employee) error { u.Active = false; return nil }); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("wrote %d employees in %v", SurveyBenchEmployees, time.Since(start))
	if seeded != nil {
		seeded()
	}
	opens := t0.Add(time.Hour)
	var past, upcoming string
	for i, at := range []time.Time{opens, opens.Add(48 * time.Hour)} {
		r := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: "R", OpensAt: at}
		if err := s.CreateSurveyRound(ctx, &r); err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			past = r.ID
		} else {
			upcoming = r.ID
		}
	}
	clock.Store(opens.Add(time.Hour).UnixMicro())
	start = time.Now()
	if n, err := s.FreezeDueAudiences(ctx, time.UnixMicro(clock.Load())); err != nil || n != 1 {
		b.Fatalf("FreezeDueAudiences = %d, %v", n, err)
	}
	b.Logf("froze an audience of %d in %v", SurveyBenchEmployees*9/10, time.Since(start))

	b.Run("SizeFrozen", func(b *testing.B) {
		for b.Loop() {
			r, err := s.SurveyRound(ctx, c.ID, past)
			if err != nil || r.AudienceSize != SurveyBenchEmployees*9/10 {
				b.Fatalf("%+v, %v", r, err)
			}
		}
	})
	for _, p := range []struct{ name, round string }{{"PageFrozen", past}, {"PageUpcoming", upcoming}} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				page, _, err := s.SurveyAudience(ctx, c.ID, p.round, "8", 100)
				if err != nil || len(page) != 100 {
					b.Fatalf("%d, %v", len(page), err)
				}
			}
		})
	}
	b.Run("Why", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SurveyWhy(ctx, c.ID, past, "nobody"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
