package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// TestBulkKilledKeepsAcknowledgedBulks: Bulk requests of creates, one of
// each failing (its userName taken), are cut by SIGKILL while they keep
// coming. Afterwards every create an answered Bulk request reported 201 is
// stored; of a request that was not answered, all of its creates or none
// are (one transaction); and every stored employee has its status change
// (none half-written: on SQLite a Bulk's creates set no savepoints).
func TestBulkKilledKeepsAcknowledgedBulks(t *testing.T) {
	onBothBackends(t, testBulkKilled)
}

func testBulkKilled(t *testing.T, db string) {
	k := startKillable(t, db, "Importer")
	const perBulk, taken, killAfter = 100, 50, 5
	client := &http.Client{Timeout: 10 * time.Second}
	post := func(path string, body any) (*http.Response, error) { return k.post(client, path, body) }
	resp, err := post("/Users", map[string]any{"userName": "taken@example.com", "active": true})
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("the taken employee: %v, %v", resp, err)
	}
	resp.Body.Close()

	name := func(b, i int) string {
		if i == taken {
			return "taken@example.com"
		}
		return fmt.Sprintf("b%d.%d@example.com", b, i)
	}
	acked := map[int]bool{}
	done := make(chan int) // the requests sent, when the server is gone
	go func() {
		for b := 0; ; b++ {
			ops := make([]map[string]any, perBulk)
			for i := range ops {
				ops[i] = map[string]any{"method": "POST", "path": "/Users", "bulkId": fmt.Sprint(i),
					"data": map[string]any{"userName": name(b, i), "active": true}}
			}
			resp, err := post("/Bulk", map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:BulkRequest"}, "Operations": ops})
			if err != nil {
				done <- b + 1
				return
			}
			var out struct {
				Operations []struct {
					BulkID string `json:"bulkId"`
					Status string `json:"status"`
				}
			}
			err = json.NewDecoder(resp.Body).Decode(&out)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				done <- b + 1
				return
			}
			for _, op := range out.Operations {
				want := "201"
				if op.BulkID == fmt.Sprint(taken) {
					want = "409"
				}
				if op.Status != want {
					t.Errorf("bulk %d, operation %s: %s; want %s", b, op.BulkID, op.Status, want)
				}
			}
			acked[b] = true
			if b+1 == killAfter {
				// Killed while the next request is on its way.
				go func() {
					time.Sleep(5 * time.Millisecond)
					k.cmd.Process.Signal(syscall.SIGKILL)
				}()
			}
		}
	}()
	var sent int
	select {
	case sent = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the server was not killed")
	}
	k.cmd.Wait()
	if len(acked) < killAfter {
		t.Fatalf("only %d Bulk requests answered before the kill", len(acked))
	}

	st, have := k.storedAfterKill(t, db)
	for b := range sent {
		n := 0
		for i := range perBulk {
			if _, ok := have[name(b, i)]; ok && i != taken {
				n++
			}
		}
		switch {
		case acked[b] && n != perBulk-1:
			t.Errorf("bulk %d was answered; %d of its %d creates stored", b, n, perBulk-1)
		case !acked[b] && n != 0 && n != perBulk-1:
			t.Errorf("bulk %d was not answered; %d of its %d creates stored: want all or none", b, n, perBulk-1)
		}
	}
	for userName, id := range have {
		if h, err := st.StatusHistory(context.Background(), k.company, id); err != nil || len(h) == 0 {
			t.Errorf("%s stored without its status change: %v, %v", userName, h, err)
		}
	}
	t.Logf("%d Bulk requests sent, %d answered, %d employees stored", sent, len(acked), len(have))
}
