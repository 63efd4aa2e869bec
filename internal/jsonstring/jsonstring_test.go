package jsonstring

import (
	"errors"
	"testing"
)

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		in    string
		start int
		want  string
		n     int
	}{
		{`"plain" rest`, 0, "plain", 7},
		{`x "a\"b\\c\/d"`, 2, `a"b\c/d`, 12},
		{`"\b\f\n\r\t"`, 0, "\b\f\n\r\t", 12},
		{`"\u00e5\u00C5"`, 0, "åÅ", 14},
		{`"\ud83d\ude00"`, 0, "😀", 14},
		{`"\ud83d x"`, 0, "\uFFFD x", 10},       // a lone surrogate
		{"\"\xff\\n\xc3\"", 0, "\xff\n\xc3", 6}, // bytes kept as they are
		{`""`, 0, "", 2},
	} {
		got, n, err := Read(tc.in, tc.start)
		if err != nil || got != tc.want || n != tc.n {
			t.Errorf("Read(%q, %d) = %q, %d, %v; want %q, %d", tc.in, tc.start, got, n, err, tc.want, tc.n)
		}
	}
	for _, tc := range []struct {
		in     string
		reason Reason
		pos    int
	}{
		{`"open`, Unterminated, 0},
		{`"open\`, Unterminated, 0},
		{`"a\x"`, BadEscape, 2},
		{`"a\u12"`, BadUnicode, 2},
		{`"a\u12g4"`, BadUnicode, 2},
	} {
		_, _, err := Read(tc.in, 0)
		var e *Error
		if !errors.As(err, &e) || e.Reason != tc.reason || e.Pos != tc.pos {
			t.Errorf("Read(%q) error %v; want reason %d at %d", tc.in, err, tc.reason, tc.pos)
		}
	}
}
