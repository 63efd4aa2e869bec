package sqlstore

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite"
)

// unpacked is the destinations of the packed rows read: every kind they scan
// into.
type unpacked struct {
	id     string
	text   string
	n      int64
	number *int64
	flag   bool
	pos    int64
	on     bool
}

func (r *unpacked) dest() []any {
	return []any{&r.id, nullString{&r.text}, &r.n, &r.number, &r.flag, null[int64]{&r.pos}, null[bool]{&r.on}}
}

func TestUnpackRow(t *testing.T) {
	seven := int64(7)
	for _, tc := range []struct {
		packed string
		want   unpacked
	}{
		{`["a","b",1,7,1,2,1]`, unpacked{id: "a", text: "b", n: 1, number: &seven, flag: true, pos: 2, on: true}},
		{`["",null,-5,null,0,null,null]`, unpacked{n: -5}},
		{`["q\"\\\/","\b\f\n\r\t",0,null,0,null,0]`, unpacked{id: `q"\/`, text: "\b\f\n\r\t"}},
		{`["\u00e5\u0001","\ud83d\ude00 and \ud83d",0,null,0,null,0]`, unpacked{id: "å\x01", text: "😀 and \uFFFD"}},
		{`["Åsa 😀","x",9223372036854775807,-9223372036854775808,1,0,0]`, unpacked{id: "Åsa 😀", text: "x", n: 1<<63 - 1, number: ptr(int64(-1 << 63)), flag: true}},
		{`[42,"",0,null,0,null,0]`, unpacked{id: "42"}}, // as database/sql converts a number to text
		// PostgreSQL's json_build_array: spaces, and booleans.
		{` [ "a" , "b", 1,	7, true, 2, false ] `, unpacked{id: "a", text: "b", n: 1, number: &seven, flag: true, pos: 2}},
	} {
		var got unpacked
		if err := unpackRow(tc.packed, got.dest()); err != nil {
			t.Errorf("unpackRow(%s): %v", tc.packed, err)
			continue
		}
		if !sameRow(got, tc.want) {
			t.Errorf("unpackRow(%s) = %+v; want %+v", tc.packed, got, tc.want)
		}
	}
	for _, bad := range []string{
		``, `[`, `]`, `{}`, `["a"]`, // too few
		`["a","b",1,7,1,2,1,3]`,  // too many
		`["a","b",1,7,1,2,1] x`,  // trailing
		`[null,"b",1,7,1,2,1]`,   // NULL into a string
		`["a","b",null,7,1,2,1]`, // NULL into an int64
		`["a","b","x",7,1,2,1]`,  // text into an int64
		`["a","b",1.5,7,1,2,1]`,  // a real into an int64
		`["a","b",1,7,2,2,1]`,    // 2 into a bool
		`["a","b",1,7,1,2,1`,     // unterminated
		`["a,"b",1,7,1,2,1]`,     // a string's quote missing
		`["\x","b",1,7,1,2,1]`,   // bad escape
		`["\u12","b",1,7,1,2,1]`, // short \u
		`[nul,"b",1,7,1,2,1]`,
		`[[1,"]"],"b",1,7,1,2,1]`, // an array into a string
		`["a","b",1,7,[1,2,1]`,
	} {
		var got unpacked
		if err := unpackRow(bad, got.dest()); err == nil {
			t.Errorf("unpackRow(%q) = %+v; want an error", bad, got)
		}
	}
	if err := unpackRow(`[1.5]`, []any{new(float32)}); err == nil {
		t.Error("an unsupported destination was accepted")
	}
}

func ptr[T any](v T) *T { return &v }

func sameRow(a, b unpacked) bool {
	if (a.number == nil) != (b.number == nil) || a.number != nil && *a.number != *b.number {
		return false
	}
	a.number, b.number = nil, nil
	return a == b
}

// FuzzUnpackRow: any text fails or unpacks; none panics.
func FuzzUnpackRow(f *testing.F) {
	f.Add(`["a","b",1,7,1,2,1]`)
	f.Add(`["\ud83d\ude00",null,-1,null,0,null,null]`)
	f.Fuzz(func(t *testing.T, packed string) {
		var r unpacked
		_ = unpackRow(packed, r.dest())
	})
}

// FuzzPackedRoundTrip: what SQLite packs (json_array) unpacks to the
// values it was given — any text (invalid UTF-8 and NULs included: SQLite
// copies the one and escapes the other), any integer, and NULL.
func FuzzPackedRoundTrip(f *testing.F) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	query := "SELECT " + packed("?, ?, ?, ?, ?, NULL, ?")
	f.Add("Åsa", "a \"quoted\" \\ back\nslash\t", int64(7), false)
	f.Add("\x00\x01\x1f\x7f", "😀 \u2028 \U0010FFFF", int64(-1<<63), true)
	f.Add("", "", int64(0), true)
	f.Add("\xff a\xc3", "\xed\xa0\x80 x\x00y", int64(1), false)
	f.Fuzz(func(t *testing.T, id, text string, n int64, flag bool) {
		var packedText string
		if err := db.QueryRowContext(t.Context(), query, id, text, n, n, flag, flag).Scan(&packedText); err != nil {
			t.Fatal(err)
		}
		var got unpacked
		if err := unpackRow(packedText, got.dest()); err != nil {
			t.Fatalf("unpackRow(%q): %v", packedText, err)
		}
		want := unpacked{id: id, text: text, n: n, number: &n, flag: flag, on: flag}
		if !sameRow(got, want) {
			t.Errorf("%q unpacked to %+v; want %+v", packedText, got, want)
		}
	})
}
