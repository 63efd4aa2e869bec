package sqlstore

import (
	"fmt"
	"testing"

	"roster/internal/directory"
)

func TestPendingRefsMayMatch(t *testing.T) {
	ada := directory.Employee{ID: "0190a8b2-0000-7000-8000-000000000001", UserName: "Ada@Example.com",
		Emails:      []directory.Email{{Value: "ada.lovelace@example.com"}},
		ExternalIDs: []directory.ExternalID{{Value: "EXT-7"}}}
	known := func(folds ...string) pendingRefs {
		p := pendingRefs{folds: map[string]bool{}}
		for _, f := range folds {
			p.add(Fold(f))
		}
		return p
	}
	many := known()
	for i := range maxKnownPending + 1 {
		many.add(fmt.Sprintf("someone%d@example.com", i))
	}
	for _, tc := range []struct {
		name    string
		pending pendingRefs
		want    bool
	}{
		{"none pending", known(), false},
		{"another's value", known("bob@example.com"), false},
		{"its userName, any case", known("ADA@example.COM"), true},
		{"its email", known("Ada.Lovelace@example.com"), true},
		{"its externalId, folded", known("ext-7"), true},
		{"its id", known(ada.ID), true},
		{"too many to keep", many, true},
		{"some, folds unknown", pendingRefs{some: true}, true},
	} {
		if got := tc.pending.mayMatch(&ada); got != tc.want {
			t.Errorf("%s: mayMatch = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPendingRefsAddOf(t *testing.T) {
	e := directory.Employee{
		Manager: directory.Reference{Value: "Boss@example.com"},
		Attributes: map[string]directory.AttributeValue{
			"mentor":  {Ref: directory.Reference{Value: "Mentor@example.com"}},
			"buddy":   {Ref: directory.Reference{Value: "buddy@example.com", TargetID: "b"}},
			"country": {Text: "Denmark"},
		},
	}
	p := pendingRefs{folds: map[string]bool{}}
	p.addOf(&e, false)
	want := map[string]bool{"boss@example.com": true, "mentor@example.com": true}
	if !p.some || fmt.Sprint(p.folds) != fmt.Sprint(want) {
		t.Errorf("after addOf: some %v, folds %v; want true, %v", p.some, p.folds, want)
	}
	resolved := pendingRefs{folds: map[string]bool{}}
	resolved.addOf(&directory.Employee{Manager: directory.Reference{Value: "boss@example.com", TargetID: "x"}}, false)
	if resolved.some {
		t.Errorf("a resolved manager noted as pending: %v", resolved.folds)
	}
}

// A manager left to its create's insert to resolve may be pending: its
// fold counts however many are kept, and only its fold does.
func TestPendingRefsUnsure(t *testing.T) {
	p := pendingRefs{folds: map[string]bool{}}
	for i := range 2 * maxKnownPending {
		p.addOf(&directory.Employee{Manager: directory.Reference{Value: fmt.Sprintf("Boss%d@example.com", i)}}, true)
	}
	if p.folds == nil {
		t.Fatal("unsure managers filled the kept folds")
	}
	named := directory.Employee{ID: "x", UserName: "boss7@example.com"}
	other := directory.Employee{ID: "y", UserName: "someone@example.com"}
	if !p.mayMatch(&named) || p.mayMatch(&other) {
		t.Errorf("mayMatch: the one named %v, another %v; want true, false", p.mayMatch(&named), p.mayMatch(&other))
	}
}

func TestBatchPendingLimit(t *testing.T) {
	for _, tc := range []struct{ calls, want int }{
		{0, minBatchPending}, {10, minBatchPending}, {100, minBatchPending}, {250, 2500}, {1000, maxBatchPending}, {5000, maxBatchPending},
	} {
		if got := batchPendingLimit(tc.calls); got != tc.want {
			t.Errorf("batchPendingLimit(%d) = %d, want %d", tc.calls, got, tc.want)
		}
	}
}
