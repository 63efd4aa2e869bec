package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"roster/internal/store/postgres/pgtest"
)

// outageClient sends SCIM requests to a server under test and keeps what
// the test checks afterwards: every answer's phase, status and time, and
// the ids of the employees whose creation was acknowledged.
type outageClient struct {
	t     *testing.T
	base  string
	token string
	http  *http.Client
	seq   atomic.Int64

	phase atomic.Value // string: "up", "refused", "partitioned", "healed"

	mu      sync.Mutex
	acked   []string
	answers []outageAnswer
}

type outageAnswer struct {
	// phase is the phase when the request was sent, endPhase when its
	// answer came.
	phase, endPhase string
	status          int
	retryAfter      string
	took            time.Duration
	detail          string
}

// create POSTs a new employee and records the answer.
func (c *outageClient) create() outageAnswer {
	n := c.seq.Add(1)
	body := fmt.Sprintf(`{"userName":"e%d@acme.example","name":{"givenName":"E","familyName":"%d"},"emails":[{"value":"e%d@acme.example","type":"work","primary":true}]}`, n, n, n)
	phase := c.phase.Load().(string)
	start := time.Now()
	req, _ := http.NewRequest("POST", c.base+"/scim/v2/Users", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/scim+json")
	resp, err := c.http.Do(req)
	a := outageAnswer{phase: phase, took: time.Since(start), endPhase: c.phase.Load().(string)}
	if err != nil {
		a.detail = err.Error()
	} else {
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		a.status, a.retryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
		var doc struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Detail string `json:"detail"`
		}
		json.Unmarshal(raw, &doc)
		a.detail = doc.Detail
		if resp.StatusCode == http.StatusCreated {
			c.mu.Lock()
			c.acked = append(c.acked, doc.ID)
			c.mu.Unlock()
		} else if doc.Status != fmt.Sprint(resp.StatusCode) {
			a.detail = "not a SCIM error body: " + string(raw)
		}
	}
	c.mu.Lock()
	c.answers = append(c.answers, a)
	c.mu.Unlock()
	return a
}

func (c *outageClient) get(path string) int {
	req, _ := http.NewRequest("GET", c.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Errorf("GET %s: %v", path, err)
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// untilCreated sends creates until one is acknowledged and returns how
// long that took; the test fails if none is within limit.
func (c *outageClient) untilCreated(limit time.Duration) time.Duration {
	start := time.Now()
	for time.Since(start) < limit {
		if c.create().status == http.StatusCreated {
			return time.Since(start)
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("no create acknowledged within %v of the database coming back", limit)
	return 0
}

// TestPostgresOutage puts a TCP proxy of the test's own between a real
// roster server and PostgreSQL and, under concurrent SCIM load, plays a
// database that refuses connections and then a network partition that
// swallows them. It checks what identity providers and load balancers
// see: while the database is gone every answer is a SCIM 503 with
// Retry-After (never a 500), fast while connections are refused and
// within the request deadline during the partition; /healthz stays 200
// and /readyz is 503; once the database is back roster recovers without a
// restart, writes are not blocked by the transactions the partition left
// behind, and every acknowledged create is there.
func TestPostgresOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("plays a 20-second outage")
	}
	direct := pgtest.EmptySchema(t)
	company := strings.TrimSpace(mustCLI(t, "company", "create", "--db", direct, "--name", "Acme"))
	token := strings.TrimSpace(mustCLI(t, "token", "create", "--db", direct, "--company", company, "--label", "Entra ID"))
	proxy, proxied := pgtest.NewProxy(t, direct)
	// The defaults of `roster serve`, throttling off.
	logs, addr, stop := startServerConfig(t, serveConfig{db: proxied, requestTimeout: 5 * time.Second, bulkTimeout: 30 * time.Second})
	defer stop()
	c := &outageClient{t: t, base: "http://" + addr, token: token, http: &http.Client{Timeout: 30 * time.Second}}
	c.phase.Store("up")
	probe := func(path string) int {
		resp, err := http.Get(c.base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	// Four clients send creates for the whole test.
	stopLoad := make(chan struct{})
	var load sync.WaitGroup
	for range 4 {
		load.Add(1)
		go func() {
			defer load.Done()
			for {
				select {
				case <-stopLoad:
					return
				default:
				}
				c.create()
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	time.Sleep(time.Second)

	// switchTo changes the proxy's mode; the answers to requests sent
	// in the next 300 ms, while those in flight at the switch settle, are
	// kept under "switching".
	switchTo := func(name string, mode pgtest.ProxyMode) {
		c.phase.Store("switching")
		proxy.Set(mode)
		time.Sleep(300 * time.Millisecond)
		c.phase.Store(name)
	}
	phase := func(name string, mode pgtest.ProxyMode, d time.Duration) {
		switchTo(name, mode)
		time.Sleep(d)
	}
	phase("refused", pgtest.Refuse, 3*time.Second)
	if got := probe("/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz while the database refuses connections = %d, want 503", got)
	}
	if got := probe("/healthz"); got != http.StatusOK {
		t.Errorf("/healthz while the database refuses connections = %d, want 200 (the process is alive)", got)
	}
	c.phase.Store("switching")
	proxy.Set(pgtest.Forward)
	t.Logf("after connections were refused, first create acknowledged %v after the database came back", c.untilCreated(5*time.Second))

	// Longer than two request deadlines: the requests in flight at the
	// switch take the first 5 s to fail, and only the clients' next ones,
	// sent within the phase, must fail within it too. (At 7 s those next
	// ones could still be waiting when the partition healed, and the
	// phase then saw no 503 at all: a flaky test.)
	phase("partitioned", pgtest.BlackHole, 11*time.Second)
	if got := probe("/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the partition = %d, want 503", got)
	}
	c.phase.Store("switching")
	proxy.Set(pgtest.Forward)
	t.Logf("after the partition, first create acknowledged %v after it healed", c.untilCreated(10*time.Second))
	c.phase.Store("healed")
	time.Sleep(2 * time.Second)
	close(stopLoad)
	load.Wait()

	// Ready again, without a restart (readiness answers are kept a second).
	time.Sleep(1100 * time.Millisecond)
	if got := probe("/readyz"); got != http.StatusOK {
		t.Errorf("/readyz after recovery = %d, want 200", got)
	}

	counts := map[string]map[int]int{}
	var slowest = map[string]time.Duration{}
	for _, a := range c.answers {
		if counts[a.phase] == nil {
			counts[a.phase] = map[int]int{}
		}
		counts[a.phase][a.status]++
		slowest[a.phase] = max(slowest[a.phase], a.took)
		switch {
		case a.status == http.StatusCreated:
			// Sent and answered while the database was gone: nothing
			// can have been committed. (One sent just before the switch
			// may commit before it and be answered late on a busy
			// machine.)
			if a.phase == a.endPhase && (a.phase == "refused" || a.phase == "partitioned") {
				t.Errorf("a create was acknowledged while the database was %s (after %v)", a.endPhase, a.took)
			}
		case a.status == http.StatusServiceUnavailable:
			if (a.phase == "up" || a.phase == "healed") && a.endPhase == a.phase {
				t.Errorf("503 while the database was %s: %s (after %v)", a.phase, a.detail, a.took)
			}
			if a.retryAfter == "" {
				t.Errorf("503 without Retry-After (%s)", a.phase)
			}
		default:
			if a.phase == "switching" && a.status == 0 {
				break
			}
			t.Errorf("%s: status %d (%s) after %v; want only 201 or 503", a.phase, a.status, a.detail, a.took)
		}
		// Sent and answered while refused. One sent as the refusal ends
		// can be caught by the partition that follows (the database is
		// back for a few milliseconds between): that one may take the
		// request deadline (it failed so once in CI, at 5.0 s).
		if a.phase == "refused" && a.endPhase == "refused" && a.took > 2*time.Second {
			t.Errorf("while connections were refused an answer took %v, want well under 2 s", a.took)
		}
		if a.phase == "healed" && a.endPhase == "healed" && a.status != http.StatusCreated {
			t.Errorf("after recovery: status %d (%s) after %v", a.status, a.detail, a.took)
		}
		// Every answer, whatever the phase, comes by the 5 s request
		// deadline (with a margin for a busy machine): one acknowledged
		// as the partition began once waited 13 s for it to heal, on the
		// test binaries' own check after its commit.
		if a.took > 7*time.Second {
			t.Errorf("%s: an answer (status %d) took %v, want it within the 5 s request deadline", a.phase, a.status, a.took)
		}
	}
	if t.Failed() {
		t.Logf("server log:\n%s", logs)
	}
	t.Logf("answers by phase and status: %v; slowest by phase: %v", counts, slowest)
	if counts["refused"][http.StatusServiceUnavailable] == 0 || counts["partitioned"][http.StatusServiceUnavailable] == 0 {
		t.Errorf("the outage phases saw no 503s: %v", counts)
	}

	// Every acknowledged create survived.
	c.mu.Lock()
	acked := append([]string(nil), c.acked...)
	c.mu.Unlock()
	for _, id := range acked {
		if got := c.get("/scim/v2/Users/" + id); got != http.StatusOK {
			t.Errorf("acknowledged employee %s: GET = %d, want 200", id, got)
		}
	}
	t.Logf("%d acknowledged creates, all present", len(acked))
}
