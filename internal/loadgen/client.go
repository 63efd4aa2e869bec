package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// client sends SCIM requests to one server and records their latency.
type client struct {
	base  string // the SCIM base URL, without a trailing slash
	token string
	http  *http.Client
}

// newClients returns a client for each token, sharing their connections.
func newClients(base string, tokens []string, workers int) []*client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = workers * 2
	tr.MaxIdleConnsPerHost = workers * 2
	h := &http.Client{Transport: tr, Timeout: time.Minute}
	out := make([]*client, len(tokens))
	for i, token := range tokens {
		out[i] = &client{base: strings.TrimRight(base, "/"), token: token, http: h}
	}
	return out
}

// do sends one request and decodes a JSON answer into out (when not nil).
// An answer other than want is an error naming the request and the body.
func (c *client) do(ctx context.Context, lat *latencies, method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/scim+json")
	if body != nil {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if lat != nil {
		lat.add(time.Since(start))
	}
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d (want %d): %.300s", method, path, resp.StatusCode, want, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// listResponse is the part of a SCIM ListResponse the phases read.
type listResponse struct {
	TotalResults int        `json:"totalResults"`
	Resources    []resource `json:"Resources"`
}

// resource is the part of a SCIM User the phases read.
type resource struct {
	ID       string `json:"id"`
	UserName string `json:"userName"`
}

// filterPath is the list path for a SCIM filter.
func filterPath(filter string) string {
	return "/Users?filter=" + url.QueryEscape(filter)
}
