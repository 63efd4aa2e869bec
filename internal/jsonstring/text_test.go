package jsonstring

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		name, in  string
		offset    int    // -1: no fault
		surrogate string // the fault's escape, if a surrogate
	}{
		{"ASCII", `{"userName":"ada@example.com"}`, -1, ""},
		{"UTF-8", `{"userName":"Jörg.Müller@exämple.de","x":"😀"}`, -1, ""},
		{"escaped pair", `{"n":"\ud83d\ude00","m":"\uD83D\uDE00"}`, -1, ""},
		{"escapes of no surrogate", `{"n":"\u00e5\u0000\ufffd"}`, -1, ""},
		{"a literal U+FFFD", "{\"n\":\"\uFFFD\"}", -1, ""},
		{"Latin-1 byte", "{\"userName\":\"J\xf6rg@latin1.de\"}", 14, ""},
		{"truncated sequence", "{\"n\":\"\xc3\"}", 6, ""},
		{"invalid byte outside strings", "{\"n\":1}\xff", 7, ""},
		{"lone high half", `{"userName":"emoji😀\ud800@x.de"}`, 22, `\ud800`},
		{"lone low half", `{"n":"a\uDC00"}`, 7, `\uDC00`},
		{"two high halves", `{"n":"\ud83d\ud83d"}`, 6, `\ud83d`},
		{"high half at the end", `{"n":"\ud83d"}`, 6, `\ud83d`},
		{"high half before a character", `{"n":"\ud83dx"}`, 6, `\ud83d`},
		{"escaped backslash, then text", `{"n":"\\ud800"}`, -1, ""},
		{"escaped quote keeps the string open", `{"n":"a\"b\ud800"}`, 10, `\ud800`},
		{"outside strings: the parser's", `{"n":1} \ud800`, -1, ""},
		{"malformed escape: the parser's", `{"n":"\u12"}`, -1, ""},
	} {
		err := CheckText([]byte(tc.in))
		switch {
		case tc.offset < 0 && err != nil:
			t.Errorf("%s: CheckText(%q) = %v; want nil", tc.name, tc.in, err)
		case tc.offset >= 0 && err == nil:
			t.Errorf("%s: CheckText(%q) = nil; want a fault at %d", tc.name, tc.in, tc.offset)
		case err != nil && (err.Offset != tc.offset || err.Surrogate != tc.surrogate):
			t.Errorf("%s: CheckText(%q) at %d (%q); want %d (%q)", tc.name, tc.in, err.Offset, err.Surrogate, tc.offset, tc.surrogate)
		}
	}
}

func TestCheckTextErrorNamesTheFault(t *testing.T) {
	if got := CheckText([]byte("\"J\xf6rg\"")).Error(); !strings.Contains(got, "0xF6 at offset 2") || !strings.Contains(got, "UTF-8") {
		t.Errorf("a byte's error = %q", got)
	}
	if got := CheckText([]byte(`"\ud800"`)).Error(); !strings.Contains(got, `\ud800 at byte 1`) || !strings.Contains(got, "surrogate") {
		t.Errorf("a surrogate's error = %q", got)
	}
}

// FuzzCheckText checks CheckText against encoding/json, which reads each
// fault CheckText finds as U+FFFD: a JSON text CheckText passes decodes
// to no more U+FFFD than it sends, as the character or its escape.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{`{"a":"b"}`, `"\ud83d\ude00"`, `"\ud800"`, "\"\xff\"", `["\\ud800","\ufffd"]`, "\"\uFFFD\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		err := CheckText(text)
		if err != nil {
			if err.Offset < 0 || err.Offset >= len(text) {
				t.Fatalf("CheckText(%q): offset %d out of range", text, err.Offset)
			}
			return
		}
		if !utf8.Valid(text) {
			t.Fatalf("CheckText(%q) = nil for text that is not UTF-8", text)
		}
		var v any
		if json.Unmarshal(text, &v) != nil {
			return
		}
		sent := strings.Count(string(text), "\uFFFD") + countFold(text, `\ufffd`)
		if got := replacements(v); got > sent {
			t.Fatalf("CheckText(%q) = nil, yet it decodes with %d U+FFFD for %d sent", text, got, sent)
		}
	})
}

// countFold counts the occurrences of sub in text, in any case.
func countFold(text []byte, sub string) int {
	return bytes.Count(bytes.ToLower(text), []byte(sub))
}

// replacements counts U+FFFD in the strings and keys of v.
func replacements(v any) int {
	switch v := v.(type) {
	case string:
		return strings.Count(v, "\uFFFD")
	case []any:
		n := 0
		for _, x := range v {
			n += replacements(x)
		}
		return n
	case map[string]any:
		n := 0
		for k, x := range v {
			n += strings.Count(k, "\uFFFD") + replacements(x)
		}
		return n
	}
	return 0
}

// BenchmarkCheckText: what checking an Entra create's body costs every
// POST, PUT and PATCH (one with a name escaped as \u, as some clients
// send non-ASCII letters).
func BenchmarkCheckText(b *testing.B) {
	body := []byte(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com","active":true,"emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}],"meta":{"resourceType":"User"},"name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},"roles":[]}`)
	escaped := bytes.Replace(body, []byte(`"givenName":"givenName"`), []byte(`"givenName":"J\u00f6rg \ud83d\ude00"`), 1)
	for _, bc := range []struct {
		name string
		body []byte
	}{{"EntraCreate", body}, {"Escaped", escaped}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.body)))
			for b.Loop() {
				if CheckText(bc.body) != nil {
					b.Fatal("refused")
				}
			}
		})
	}
}
