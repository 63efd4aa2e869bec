package main

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Profiles are served only with --pprof-addr, and only there: never on
// the public listener.
func TestPprofOnlyOnItsOwnListener(t *testing.T) {
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	db := filepath.Join(t.TempDir(), "roster.db")
	logs, addr, stop := startServerConfig(t, serveConfig{db: db, pprofAddr: "127.0.0.1:0"})
	defer stop()
	m := regexp.MustCompile(`pprof listening" addr=(\S+)`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no pprof listener in the log:\n%s", logs.String())
	}
	if code, body := get("http://" + m[1] + "/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("pprof listener: %d %.200s", code, body)
	}
	if code, body := get("http://" + addr + "/debug/pprof/"); strings.Contains(body, "goroutine") {
		t.Errorf("public listener serves profiles: %d", code)
	}

	logs2, _, stop2 := startServer(t, filepath.Join(t.TempDir(), "other.db"))
	defer stop2()
	if strings.Contains(logs2.String(), "pprof") {
		t.Errorf("profiles served without --pprof-addr:\n%s", logs2.String())
	}
}
