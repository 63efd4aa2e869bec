package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// getProbe GETs a probe path and returns its status and JSON body.
func getProbe(t *testing.T, addr, path string) (int, map[string]string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	var body map[string]string
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

// TestProbesOnSQLite: `roster serve` on the default SQLite file answers
// /healthz and /readyz without authentication, and while it drains after
// being told to stop both answer 503 so that a load balancer stops sending
// requests before connections are refused.
func TestProbesOnSQLite(t *testing.T) {
	_, addr, stop := startServerConfig(t, serveConfig{db: filepath.Join(t.TempDir(), "roster.db"), drain: 2 * time.Second})
	defer stop()
	if status, body := getProbe(t, addr, "/healthz"); status != 200 || body["status"] != "ok" {
		t.Errorf("/healthz = %d %v, want 200 ok", status, body)
	}
	if status, body := getProbe(t, addr, "/readyz"); status != 200 || body["status"] != "ready" {
		t.Errorf("/readyz = %d %v, want 200 ready", status, body)
	}
	go stop()
	time.Sleep(500 * time.Millisecond)
	for _, p := range []string{"/healthz", "/readyz"} {
		if status, body := getProbe(t, addr, p); status != http.StatusServiceUnavailable || body["reason"] != "shutting down" {
			t.Errorf("%s while draining = %d %v, want 503 shutting down", p, status, body)
		}
	}
}
