package jsonstring

import (
	"encoding/json"
	"testing"
)

// Append writes what encoding/json writes, whatever the string.
func TestAppend(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "<a>&b", "tab\tnew\nline", "\x00\x1f\x7f", "åÅ😀", "\xff\xc3", "\u2028\u2029"} {
		checkAppend(t, s)
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "ada@example.com", `"<&>"`, "\xff", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(checkAppend)
}

func checkAppend(t *testing.T, s string) {
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := Append([]byte("x"), s); string(got) != "x"+string(want) {
		t.Errorf("Append(%q) = %s; want %s", s, got[1:], want)
	}
}
