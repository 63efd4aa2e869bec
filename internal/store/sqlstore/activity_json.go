package sqlstore

import (
	"encoding/json"

	"roster/internal/directory"
	"roster/internal/jsonstring"
)

// The JSON forms of the activity log's changes and not_applied columns:
// arrays of objects, written by hand in exactly the bytes encoding/json
// writes for storedChange and storedNotApplied (TestActivityJSON,
// FuzzActivityJSON), and read back through them. Every write logs its
// changes; a create's list has a change for each attribute sent, and its
// reflective encoding was 4 % of the writer's time in a Bulk request.

// storedChange and storedNotApplied are the columns' JSON forms, as read.
type storedChange struct {
	Attribute string `json:"attribute"`
	Old       string `json:"old,omitempty"`
	New       string `json:"new,omitempty"`
}

type storedNotApplied struct {
	Attribute string `json:"attribute"`
	Reason    string `json:"reason"`
}

// appendChange appends c's stored form.
func appendChange(b []byte, c directory.Change) []byte {
	b = jsonstring.Append(append(b, `{"attribute":`...), c.Attribute)
	if c.Old != "" {
		b = jsonstring.Append(append(b, `,"old":`...), c.Old)
	}
	if c.New != "" {
		b = jsonstring.Append(append(b, `,"new":`...), c.New)
	}
	return append(b, '}')
}

// appendNotApplied appends n's stored form.
func appendNotApplied(b []byte, n directory.NotApplied) []byte {
	b = jsonstring.Append(append(b, `{"attribute":`...), n.Attribute)
	b = jsonstring.Append(append(b, `,"reason":`...), n.Reason)
	return append(b, '}')
}

// encodeList stores a list as a JSON array of what appendJSON writes of
// each, NULL when empty.
func encodeList[T any](list []T, appendJSON func([]byte, T) []byte) any {
	if len(list) == 0 {
		return nil
	}
	b := append(make([]byte, 0, 64*len(list)), '[')
	for i, x := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSON(b, x)
	}
	return string(append(b, ']'))
}

// decodeList reads what encodeList stored ("" for NULL).
func decodeList[S, T any](text string, read func(S) T) ([]T, error) {
	if text == "" {
		return nil, nil
	}
	var stored []S
	if err := json.Unmarshal([]byte(text), &stored); err != nil {
		return nil, err
	}
	out := make([]T, len(stored))
	for i, x := range stored {
		out[i] = read(x)
	}
	return out, nil
}

// decodeNotApplied reads a not_applied column.
func decodeNotApplied(text string) ([]directory.NotApplied, error) {
	return decodeList(text, func(n storedNotApplied) directory.NotApplied { return directory.NotApplied(n) })
}
