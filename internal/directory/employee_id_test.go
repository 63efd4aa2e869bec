package directory

import (
	"slices"
	"testing"

	"github.com/google/uuid"
)

// Employee ids sort in creation order (so indexes keyed by them grow at
// their end) and are UUIDs.
func TestNewEmployeeIDsSortInCreationOrder(t *testing.T) {
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = NewEmployeeID()
	}
	if !slices.IsSorted(ids) {
		t.Error("employee ids do not sort in creation order")
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Error("employee ids repeat")
	}
	for _, id := range ids[:3] {
		if u, err := uuid.Parse(id); err != nil || u.Version() != 7 {
			t.Errorf("%q: %v, version %v", id, err, u.Version())
		}
	}
}
