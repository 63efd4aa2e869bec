package api

import (
	"encoding/base64"
	"strings"
)

// A cursor is where the next page of employees starts: opaque to clients,
// it is the id of the last employee of the previous page
// (directory.EmployeeQuery.After), so that employees created or deleted
// between pages shift nothing. The "e1." version prefix leaves room to
// change what it holds.
const cursorVersion = "e1."

func encodeCursor(lastID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorVersion + lastID))
}

// decodeCursor returns the last id a cursor holds; ok is false for text
// that no encodeCursor made.
func decodeCursor(c string) (lastID string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", false
	}
	lastID, ok = strings.CutPrefix(string(b), cursorVersion)
	return lastID, ok && lastID != ""
}
