package sqlstore

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"roster/internal/directory"
)

// The activity log's columns hold what encoding/json writes for their
// stored forms, and read back as written.
func TestActivityJSON(t *testing.T) {
	for _, tc := range []struct{ attribute, old, new string }{
		{"userName", "", "ada@example.com"},
		{"active", "true", "false"},
		{"name.givenName", "Ada", ""},
		{"emails", `a@x (work, primary), "b"<b@y>`, "\u2028å\xff"},
		{"", "", ""},
	} {
		checkActivityJSON(t, tc.attribute, tc.old, tc.new)
	}
	if got := encodeList([]directory.Change(nil), appendChange); got != nil {
		t.Errorf("no changes stored as %v; want NULL", got)
	}
}

func FuzzActivityJSON(f *testing.F) {
	f.Add("userName", "", "ada@example.com")
	f.Add("emails", `"<&>"`, "\xff")
	f.Fuzz(checkActivityJSON)
}

// checkActivityJSON stores two changes and a not-applied attribute made
// of attribute, old and new, compares the columns with encoding/json's
// writing of their stored forms, and reads them back (as sent, where
// they are valid UTF-8).
func checkActivityJSON(t *testing.T, attribute, old, new string) {
	changes := []directory.Change{{Attribute: attribute, Old: old, New: new}, {Attribute: new, Old: attribute}}
	notApplied := []directory.NotApplied{{Attribute: attribute, Reason: old}}
	for _, c := range []struct {
		got, want any
	}{
		{encodeList(changes, appendChange), []storedChange{storedChange(changes[0]), storedChange(changes[1])}},
		{encodeList(notApplied, appendNotApplied), []storedNotApplied{storedNotApplied(notApplied[0])}},
	} {
		want, err := json.Marshal(c.want)
		if err != nil {
			t.Fatal(err)
		}
		if c.got != string(want) {
			t.Fatalf("stored %v; encoding/json writes %s", c.got, want)
		}
	}
	if !utf8.ValidString(attribute) || !utf8.ValidString(old) || !utf8.ValidString(new) {
		return // encoding/json writes U+FFFD for the invalid bytes
	}
	read, err := decodeList(encodeList(changes, appendChange).(string), func(c storedChange) directory.Change { return directory.Change(c) })
	if err != nil || len(read) != 2 || read[1] != changes[1] {
		t.Errorf("read back %+v, %v; want %+v", read, err, changes)
	}
}
