package api

import (
	"encoding/json"
	"time"

	"roster/internal/directory"
)

// A body's times are read raw and parsed here rather than into a
// time.Time field: time.Time's own decoding names neither the field nor,
// for a number, what was wrong in the client's terms.

// timeField parses a body's RFC 3339 time named name; absent or null is
// the zero time.
func timeField(name string, raw json.RawMessage) (time.Time, error) {
	if raw == nil || isNull(raw) {
		return time.Time{}, nil
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return time.Time{}, directory.Invalid("%q must be a string, an RFC 3339 time such as %q", name, exampleTime)
	}
	t, err := time.Parse(time.RFC3339, text)
	if err != nil {
		return time.Time{}, directory.Invalid("%q: %q is not an RFC 3339 time such as %q", name, text, exampleTime)
	}
	return t, nil
}

// exampleTime is the RFC 3339 time error messages show.
const exampleTime = "2026-12-07T09:00:00Z"

// isNull reports whether raw is JSON's null.
func isNull(raw json.RawMessage) bool { return string(raw) == "null" }
