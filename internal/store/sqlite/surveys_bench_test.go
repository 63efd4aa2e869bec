package sqlite

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"roster/internal/directory"
)

// surveyBenchEmployees is the company size the issue asks audiences to be
// fast at.
const surveyBenchEmployees = 100_000

// surveySeeded opens a store with one company of surveyBenchEmployees
// employees (one in ten deactivated after creation), a round that opened
// after that (and is frozen by the first read) and one not yet open.
func surveySeeded(b *testing.B) (s *Store, companyID, past, upcoming string) {
	b.Helper()
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var clock atomic.Int64
	clock.Store(t0.UnixMicro())
	s, c := seeding(b, Options{Now: func() time.Time { return time.UnixMicro(clock.Load()) }})
	ctx := b.Context()
	const chunk = 2000
	for start := 0; start < surveyBenchEmployees; start += chunk {
		err := s.Batch(ctx, c.ID, func(bt directory.Batch) error {
			for i := start; i < start+chunk; i++ {
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
	if _, err := s.w.ExecContext(ctx, "PRAGMA synchronous=FULL"); err != nil {
		b.Fatal(err)
	}
	opens := t0.Add(time.Hour)
	rounds := make([]string, 2)
	for i, at := range []time.Time{opens, opens.Add(48 * time.Hour)} {
		r := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: "R", OpensAt: at}
		if err := s.CreateSurveyRound(ctx, &r); err != nil {
			b.Fatal(err)
		}
		rounds[i] = r.ID
	}
	clock.Store(opens.Add(time.Hour).UnixMicro())
	start := time.Now()
	if n, err := s.FreezeDueAudiences(ctx, time.UnixMicro(clock.Load())); err != nil || n != 1 {
		b.Fatalf("FreezeDueAudiences = %d, %v", n, err)
	}
	b.Logf("froze an audience of %d in %v", surveyBenchEmployees*9/10, time.Since(start))
	return s, c.ID, rounds[0], rounds[1]
}

// BenchmarkSurveyAudience: the size and a page of 100 of a frozen
// audience of 90,000 (page from the middle), and a page of a round not
// open yet (computed from the status history).
func BenchmarkSurveyAudience(b *testing.B) {
	s, company, past, upcoming := surveySeeded(b)
	ctx := context.Background()
	b.Run("SizeFrozen", func(b *testing.B) {
		for b.Loop() {
			r, err := s.SurveyRound(ctx, company, past)
			if err != nil || r.AudienceSize != surveyBenchEmployees*9/10 {
				b.Fatalf("%+v, %v", r, err)
			}
		}
	})
	b.Run("PageFrozen", func(b *testing.B) {
		for b.Loop() {
			page, _, err := s.SurveyAudience(ctx, company, past, "8", 100)
			if err != nil || len(page) != 100 {
				b.Fatalf("%d, %v", len(page), err)
			}
		}
	})
	b.Run("PageUpcoming", func(b *testing.B) {
		for b.Loop() {
			page, _, err := s.SurveyAudience(ctx, company, upcoming, "8", 100)
			if err != nil || len(page) != 100 {
				b.Fatalf("%d, %v", len(page), err)
			}
		}
	})
	b.Run("Why", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SurveyWhy(ctx, company, past, "nobody"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
