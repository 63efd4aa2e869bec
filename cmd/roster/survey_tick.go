package main

import (
	"context"
	"log/slog"
	"time"

	"roster/internal/directory"
)

// surveyTickInterval is how often `roster serve` freezes the audiences of
// the rounds that opened and tops up the schedules' upcoming rounds.
// Reads of an opened round freeze it too, so the interval bounds only how
// long an unread round waits to be frozen.
const surveyTickInterval = time.Minute

// runSurveyTicks does one survey tick now and then every interval until
// ctx ends.
func runSurveyTicks(ctx context.Context, st directory.SurveyStore, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		now := time.Now()
		if n, err := st.FreezeDueAudiences(ctx, now); err != nil && ctx.Err() == nil {
			log.Error("survey audiences: freeze failed", "err", err)
		} else if n > 0 {
			log.Info("survey audiences frozen", "rounds", n)
		}
		if _, err := st.ExtendSurveySchedules(ctx, now); err != nil && ctx.Err() == nil {
			log.Error("survey schedules: extending failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
