package directory

import (
	"strings"
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
