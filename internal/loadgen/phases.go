package loadgen

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// sync is Entra's initial sync: per employee, a userName eq filter (is
// it there?), a POST, then a PATCH of what the create did not carry.
func (r *run) sync(ctx context.Context) (Result, error) {
	r.ids = make([]string, r.cfg.Employees)
	var creates latencies
	n, elapsed, err := r.parallel(ctx, r.cfg.Employees, func(ctx context.Context, i int) error {
		p, c := r.person(i), r.of(i)
		var found listResponse
		if err := c.do(ctx, nil, http.MethodGet, filterPath(`userName eq "`+p.userName()+`"`), nil, http.StatusOK, &found); err != nil {
			return err
		}
		if r.cfg.Verify && found.TotalResults != 0 {
			return fmt.Errorf("%s: found before it was created", p.userName())
		}
		var made resource
		if err := c.do(ctx, &creates, http.MethodPost, "/Users", p.user(), http.StatusCreated, &made); err != nil {
			return err
		}
		r.ids[i] = made.ID
		return c.do(ctx, nil, http.MethodPatch, "/Users/"+made.ID, entraPatch("Senior Engineer"), http.StatusOK, nil)
	})
	return Result{Ops: n, Elapsed: elapsed, Percentiles: creates.percentiles(),
		Note: "employees: a filter GET, a POST and a PATCH each" + r.companies() + "; latency of the POST"}, err
}

// updates is steady state: PATCHes (Okta's path-less form) and PUTs of
// random employees, half each.
func (r *run) updates(ctx context.Context) (Result, error) {
	created := r.created()
	if len(created) == 0 {
		return Result{Note: "nothing to update: run sync first"}, nil
	}
	var lat latencies
	n, elapsed, err := r.parallel(ctx, r.cfg.Updates, func(ctx context.Context, k int) error {
		i := pick(created)
		p, c := r.person(i), r.of(i)
		if k%2 == 0 {
			return c.do(ctx, &lat, http.MethodPatch, "/Users/"+r.ids[i], oktaPatch(fmt.Sprintf("Employee %d v%d", i, k)), http.StatusOK, nil)
		}
		u := p.user()
		u["title"] = fmt.Sprintf("Engineer v%d", k)
		return c.do(ctx, &lat, http.MethodPut, "/Users/"+r.ids[i], u, http.StatusOK, nil)
	})
	return Result{Ops: n, Elapsed: elapsed, Percentiles: lat.percentiles(), Note: "requests: PATCH and PUT, half each" + r.companies()}, err
}

// importAll is Okta's import: one client walks the whole list with
// startIndex=1, 1+count, … until it has every employee.
func (r *run) importAll(ctx context.Context) (Result, error) {
	var lat latencies
	read := 0
	var elapsed = timer()
	for start := 1; ; start += r.cfg.PageSize {
		var page listResponse
		path := "/Users?startIndex=" + strconv.Itoa(start) + "&count=" + strconv.Itoa(r.cfg.PageSize)
		if err := r.first().do(ctx, &lat, http.MethodGet, path, nil, http.StatusOK, &page); err != nil {
			return Result{Ops: read, Elapsed: elapsed(), Percentiles: lat.percentiles()}, err
		}
		read += len(page.Resources)
		if len(page.Resources) == 0 || start+r.cfg.PageSize > page.TotalResults {
			break
		}
	}
	return Result{Ops: read, Elapsed: elapsed(), Percentiles: lat.percentiles(),
		Note: fmt.Sprintf("employees read in pages of %d, one client%s; latency of a page", r.cfg.PageSize, r.firstCompany())}, nil
}

// lookups are random eq filters on the attributes identity providers
// match on: userName, externalId, emails.value and id.
func (r *run) lookups(ctx context.Context) (Result, error) {
	created := r.created()
	if len(created) == 0 {
		return Result{Note: "nothing to look up: run sync first"}, nil
	}
	var lat latencies
	n, elapsed, err := r.parallel(ctx, r.cfg.Lookups, func(ctx context.Context, k int) error {
		i := pick(created)
		p := r.person(i)
		filter := [...]string{
			`userName eq "` + p.userName() + `"`,
			`externalId eq "` + p.externalID() + `"`,
			`emails.value eq "` + p.userName() + `"`,
			`id eq "` + r.ids[i] + `"`,
		}[k%4]
		var found listResponse
		if err := r.of(i).do(ctx, &lat, http.MethodGet, filterPath(filter), nil, http.StatusOK, &found); err != nil {
			return err
		}
		if r.cfg.Verify && found.TotalResults != 1 {
			return fmt.Errorf("%s: %d results, want 1", filter, found.TotalResults)
		}
		return nil
	})
	return Result{Ops: n, Elapsed: elapsed, Percentiles: lat.percentiles(), Note: "requests: userName, externalId, emails.value, id in turn" + r.companies()}, err
}

// bulkResponse is the part of a BulkResponse the phase reads.
type bulkResponse struct {
	Operations []struct {
		Status string `json:"status"`
		BulkID string `json:"bulkId"`
	} `json:"Operations"`
}

// bulk creates employees through Bulk requests of BulkSize creates, one
// request at a time.
func (r *run) bulk(ctx context.Context) (Result, error) {
	var lat latencies
	made := 0
	elapsed := timer()
	// The rate of each tenth of the creates: a cost per create that grows
	// with the company shows as a fall from the first to the last.
	var tenths [10]rate
	for made < r.cfg.Bulk {
		requestStart := elapsed()
		n := min(r.cfg.BulkSize, r.cfg.Bulk-made)
		ops := make([]map[string]any, n)
		for k := range ops {
			p := r.personOf("b", made+k)
			ops[k] = map[string]any{"method": "POST", "path": "/Users", "bulkId": strconv.Itoa(k), "data": p.user()}
		}
		var resp bulkResponse
		body := map[string]any{"schemas": []string{bulkSchema}, "Operations": ops}
		if err := r.first().do(ctx, &lat, http.MethodPost, "/Bulk", body, http.StatusOK, &resp); err != nil {
			return Result{Ops: made, Elapsed: elapsed(), Percentiles: lat.percentiles()}, err
		}
		if r.cfg.Verify {
			if err := allCreated(resp, n); err != nil {
				return Result{Ops: made, Elapsed: elapsed()}, err
			}
		}
		took := elapsed() - requestStart
		tenths[made*10/r.cfg.Bulk].add(n, took)
		made += n
	}
	note := fmt.Sprintf("employees in Bulk requests of %d, one client; latency of a request", r.cfg.BulkSize)
	if r.cfg.Bulk >= 10*r.cfg.BulkSize {
		note += fmt.Sprintf("; first tenth %.0f/s, last tenth %.0f/s; by tenth", tenths[0].perSecond(), tenths[9].perSecond())
		sep := ":"
		for _, t := range tenths {
			note += fmt.Sprintf("%s %.0f", sep, t.perSecond())
			sep = ","
		}
	}
	return Result{Ops: made, Elapsed: elapsed(), Percentiles: lat.percentiles(), Note: note}, nil
}

// rate adds up operations and the time they took.
type rate struct {
	ops  int
	took time.Duration
}

func (r *rate) add(ops int, took time.Duration) { r.ops += ops; r.took += took }

func (r rate) perSecond() float64 {
	if r.took <= 0 {
		return 0
	}
	return float64(r.ops) / r.took.Seconds()
}

func allCreated(resp bulkResponse, n int) error {
	if len(resp.Operations) != n {
		return fmt.Errorf("bulk: %d results for %d operations", len(resp.Operations), n)
	}
	for _, op := range resp.Operations {
		if op.Status != "201" {
			return errors.New("bulk: operation " + op.BulkID + " answered " + op.Status)
		}
	}
	return nil
}

// singles creates BulkSize employees with single POSTs, one at a time:
// what the Bulk phase is compared with.
func (r *run) singles(ctx context.Context) (Result, error) {
	var lat latencies
	elapsed := timer()
	for i := range r.cfg.BulkSize {
		p := r.personOf("s", i)
		if err := r.first().do(ctx, &lat, http.MethodPost, "/Users", p.user(), http.StatusCreated, nil); err != nil {
			return Result{Ops: i, Elapsed: elapsed(), Percentiles: lat.percentiles()}, err
		}
	}
	return Result{Ops: r.cfg.BulkSize, Elapsed: elapsed(), Percentiles: lat.percentiles(),
		Note: "employees by single POSTs, one client (compare with bulk)"}, nil
}
