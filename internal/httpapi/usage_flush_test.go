package httpapi

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// usesRecorded is a store that records what the usage recorder writes,
// failing with fail while it is set.
type usesRecorded struct {
	directory.Store // nil: only the usage methods are called
	writes          [][]directory.ConnectionUse
	singles         int
	fail            error
}

func (s *usesRecorded) RecordConnectionsUse(_ context.Context, uses []directory.ConnectionUse) error {
	if s.fail != nil {
		return s.fail
	}
	s.writes = append(s.writes, slices.Clone(uses))
	return nil
}

func (s *usesRecorded) RecordConnectionUse(context.Context, string, time.Time, int64) error {
	s.singles++
	return nil
}

// An operator's connections' counts of an interval are written together,
// usageChunk a write in the connections' order — not a write (and a
// commit) each — and a failed write's counts wait for the next flush.
func TestUsageFlushedInChunks(t *testing.T) {
	store := &usesRecorded{}
	u := newUsageRecorder(store, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Hour)
	defer u.close()
	at := time.Date(2026, 12, 6, 4, 0, 0, 0, time.UTC)
	const connections = 2*usageChunk + 88
	for i := range connections {
		id := fmt.Sprintf("conn-%04d", connections-i) // out of order
		u.record(t.Context(), id, at)
		u.record(t.Context(), id, at.Add(time.Second))
	}
	u.flush()
	var sizes []int
	var all []directory.ConnectionUse
	for _, w := range store.writes {
		sizes = append(sizes, len(w))
		all = append(all, w...)
	}
	if !slices.Equal(sizes, []int{usageChunk, usageChunk, 88}) || store.singles != 0 {
		t.Fatalf("writes of %v connections and %d of one; want %d, %d, 88 and none", sizes, store.singles, usageChunk, usageChunk)
	}
	if !slices.IsSortedFunc(all, func(a, b directory.ConnectionUse) int { return strings.Compare(a.ConnectionID, b.ConnectionID) }) {
		t.Errorf("connections not written in their order")
	}
	for _, use := range all {
		if use.Requests != 2 || !use.At.Equal(at.Add(time.Second)) {
			t.Fatalf("%+v; want 2 requests, the last at %v", use, at.Add(time.Second))
		}
	}

	// The database unavailable: nothing is lost, all of it is written
	// with the next flush's own.
	store.writes, store.fail = nil, directory.Unavailable(fmt.Errorf("connection refused"))
	u.record(t.Context(), "conn-0001", at)
	u.record(t.Context(), "conn-9999", at)
	u.flush()
	store.fail = nil
	u.record(t.Context(), "conn-0001", at.Add(time.Minute))
	u.flush()
	want := []directory.ConnectionUse{
		{ConnectionID: "conn-0001", At: at.Add(time.Minute), Requests: 2},
		{ConnectionID: "conn-9999", At: at, Requests: 1},
	}
	if len(store.writes) != 1 || !slices.Equal(store.writes[0], want) {
		t.Errorf("after an outage: %+v; want one write of %+v", store.writes, want)
	}
}
