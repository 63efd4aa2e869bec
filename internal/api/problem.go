package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"roster/internal/directory"
	"roster/internal/errstatus"
)

// problem is an RFC 9457 problem details object, the body of every error
// the product API answers.
type problem struct {
	// Type names the kind of problem; roster uses "about:blank" with a
	// Title that is the status's text (RFC 9457 §4.2.1).
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

// writeProblem answers status with a problem whose detail is formatted.
func writeProblem(w http.ResponseWriter, status int, format string, args ...any) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="roster API"`)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: http.StatusText(status), Status: status,
		Detail: fmt.Sprintf(format, args...)})
}

// writeError answers a store error: a domain error with its message
// (safe to show), anything else as a 500 whose cause goes to the log only.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var de *directory.Error
	if errors.As(err, &de) {
		if status, ok := errstatus.Of(de.Code); ok {
			if status == http.StatusServiceUnavailable {
				s.log.Warn("api: store unavailable", "path", r.URL.Path, "err", err)
			}
			writeProblem(w, status, "%s", de.Message)
			return
		}
	}
	s.log.Error("api: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeProblem(w, http.StatusInternalServerError, "roster could not answer this request; the error is logged")
}

// writeJSON answers 200 with v as JSON.
func writeJSON(w http.ResponseWriter, v any) { writeJSONStatus(w, http.StatusOK, v) }

// writeJSONStatus answers status with v as JSON.
func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// messageOf is a domain error's message (safe to show).
func messageOf(err error) string {
	var de *directory.Error
	if errors.As(err, &de) {
		return de.Message
	}
	return err.Error()
}

// logger is what the server logs to.
type logger = *slog.Logger
