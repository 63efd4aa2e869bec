package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestRequestLogJSON: with --log-format json every log line is one JSON
// object, and a refused SCIM request's line names the connection, the
// scimType and the detail the client got — never the token.
func TestRequestLogJSON(t *testing.T) {
	db, _, token := companyDB(t, "Entra ID")
	logs, addr, stop := startServerConfig(t, serveConfig{db: db, logFormat: "json"})
	req, _ := http.NewRequest("GET", "http://"+addr+`/scim/v2/Users?filter=favoriteColor+eq+%22x%22`, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", resp.StatusCode)
	}
	stop()

	var refused map[string]any
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Errorf("log line is not JSON: %q", sc.Text())
			continue
		}
		if line["msg"] == "scim request" && line["status"] == float64(400) {
			refused = line
		}
	}
	if refused == nil {
		t.Fatalf("no log line for the refused request:\n%s", logs)
	}
	if refused["scim_type"] != "invalidFilter" || !strings.Contains(refused["detail"].(string), "favoriteColor") {
		t.Errorf("refusal logged without its scimType and detail: %v", refused)
	}
	if id, _ := refused["connection"].(string); id == "" {
		t.Errorf("refusal logged without its connection: %v", refused)
	}
	if strings.Contains(logs.String(), token) {
		t.Error("the log shows the bearer token")
	}
}
