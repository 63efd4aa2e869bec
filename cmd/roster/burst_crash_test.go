package main

import (
	"fmt"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestBurstKilledKeepsAcknowledgedWrites: concurrent creates (SQLite
// groups their commits) are cut by SIGKILL in mid-burst; every create
// that was answered 201 is in the database afterwards, on both backends.
func TestBurstKilledKeepsAcknowledgedWrites(t *testing.T) {
	onBothBackends(t, testBurstKilled)
}

func testBurstKilled(t *testing.T, db string) {
	k := startKillable(t, db, "Entra ID")

	const workers, killAfter = 8, 200
	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("w%d.%d@example.com", w, i)
				resp, err := k.post(client, "/Users", map[string]any{"userName": name, "active": true})
				if err != nil {
					return // the server is gone
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					return
				}
				mu.Lock()
				acked = append(acked, name)
				mu.Unlock()
			}
		}()
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= killAfter {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d creates acknowledged in a minute", n)
		}
	}
	// Killed while the workers still send: some writes are in flight.
	if err := k.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	k.cmd.Wait()
	close(stop)
	wg.Wait()

	_, stored := k.storedAfterKill(t, db)
	missing := 0
	for _, name := range acked {
		if _, ok := stored[name]; !ok {
			missing++
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged creates lost by the kill", missing, len(acked))
	}
	t.Logf("%d acknowledged, %d stored", len(acked), len(stored))
}
