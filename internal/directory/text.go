package directory

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// StorableText reports whether s is text both backends store and compare
// alike: valid UTF-8 without NUL (U+0000). PostgreSQL refuses either in a
// text value or parameter ("invalid byte sequence for encoding UTF8"),
// while SQLite keeps them but cuts LIKE patterns at a NUL. roster refuses
// such text where requests enter (SCIM values and filters, console
// forms), so no stored text holds it, and a lookup by such a key finds
// nothing without asking the database.
func StorableText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// checkText is Validate's check of one text field: EInvalid naming the
// field (what) unless s is StorableText. The console refuses such text
// before it gets here; the command line and any other caller may not.
func checkText(what, s string) error {
	if StorableText(s) {
		return nil
	}
	return Invalid("%s %q holds a NUL character (U+0000) or bytes that are not UTF-8 text", what, s)
}

// checkName is checkText for a name people give something (a company, a
// connection, an API key, an attribute): one line of text besides, no
// tab, line break or other control character, which the console shows
// as nothing and which would split the command line's one-record lines.
func checkName(what, s string) error {
	if err := checkText(what, s); err != nil {
		return err
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return Invalid("%s %q holds a tab, a line break or another control character; a name is one line of text", what, s)
	}
	return nil
}

// checkNameOf is checkName with a length: at most max characters, as the
// console's forms count them (maxlength), not bytes, which would refuse
// a Hebrew or Japanese name the form let through.
func checkNameOf(what, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return Invalid("%s may hold at most %d characters; it has %d", what, max, n)
	}
	return checkName(what, s)
}
