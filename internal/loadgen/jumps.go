package loadgen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
)

// jumps reads pages at random startIndex values, one client: a page
// jumped to (a script's, or a client resuming an import it lost track
// of), not walked to, costs what the store takes to find where it
// starts — at a million employees, mostly that.
func (r *run) jumps(ctx context.Context) (Result, error) {
	if r.cfg.Jumps == 0 {
		return Result{Note: "no pages asked for (--jumps 0)"}, nil
	}
	var list listResponse
	if err := r.first().do(ctx, nil, http.MethodGet, "/Users?count=0", nil, http.StatusOK, &list); err != nil {
		return Result{}, err
	}
	total := list.TotalResults
	if total == 0 {
		return Result{Note: "nothing to jump to: the list is empty"}, nil
	}
	var lat latencies
	elapsed := timer()
	for k := range r.cfg.Jumps {
		start := 1 + rand.IntN(total)
		var page listResponse
		path := "/Users?startIndex=" + strconv.Itoa(start) + "&count=" + strconv.Itoa(r.cfg.PageSize)
		if err := r.first().do(ctx, &lat, http.MethodGet, path, nil, http.StatusOK, &page); err != nil {
			return Result{Ops: k, Elapsed: elapsed(), Percentiles: lat.percentiles()}, err
		}
		if want := min(r.cfg.PageSize, total-start+1); r.cfg.Verify && len(page.Resources) != want {
			return Result{Ops: k, Elapsed: elapsed()}, fmt.Errorf("page at %d: %d employees, want %d", start, len(page.Resources), want)
		}
	}
	return Result{Ops: r.cfg.Jumps, Elapsed: elapsed(), Percentiles: lat.percentiles(),
		Note: fmt.Sprintf("pages of %d at random startIndex values, one client%s; latency of a page", r.cfg.PageSize, r.firstCompany())}, nil
}
