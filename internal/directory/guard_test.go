package directory

import (
	"testing"
	"time"
)

func TestGuardPolicyHolds(t *testing.T) {
	p := DefaultGuardPolicy
	for _, tc := range []struct {
		active, applied int
		want            bool
	}{
		{300, 29, false},
		{300, 30, true}, // 10 % applied: the next one is held
		{301, 30, false},
		{301, 31, true},
		{100, 24, false}, // 10 % is 10, but at least 25
		{100, 25, true},
		{0, 24, false},
		{10000, 999, false},
		{10000, 1000, true},
	} {
		if got := p.Holds(tc.active, tc.applied); got != tc.want {
			t.Errorf("Holds(%d active, %d applied) = %v; want %v", tc.active, tc.applied, got, tc.want)
		}
	}
}

func TestGuardPolicyValidate(t *testing.T) {
	for _, tc := range []struct {
		p  GuardPolicy
		ok bool
	}{
		{DefaultGuardPolicy, true},
		{GuardPolicy{Percent: 0, Min: 25, Window: time.Hour}, false},
		{GuardPolicy{Percent: 101, Min: 25, Window: time.Hour}, false},
		{GuardPolicy{Percent: 10, Min: 0, Window: time.Hour}, false},
		{GuardPolicy{Percent: 10, Min: 1, Window: time.Second}, false},
	} {
		if err := tc.p.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: Validate = %v", tc.p, err)
		}
	}
}

func TestSummarizeHolds(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	got := SummarizeHolds([]GuardHold{
		{ConnectionID: "b", At: t0.Add(time.Minute)},
		{ConnectionID: "a", At: t0.Add(2 * time.Minute)},
		{ConnectionID: "b", At: t0},
	})
	want := []GuardSummary{{"a", 1, t0.Add(2 * time.Minute)}, {"b", 2, t0}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("SummarizeHolds = %+v; want %+v", got, want)
	}
}
