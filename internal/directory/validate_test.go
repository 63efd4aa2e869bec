package directory_test

import (
	"strings"
	"testing"

	"roster/internal/directory"
)

func TestAttributeDefValidate(t *testing.T) {
	ok := []directory.AttributeDef{
		{Name: "Department", Type: directory.TypeOption},
		{Name: "Employed since", Type: directory.TypeDate, Aliases: []string{"Employed_Since", "employedSince"}},
		{Name: "Office", Type: directory.TypeOption, Options: []string{"Copenhagen", "London"}},
		{Name: "Level", Type: directory.TypeNumber},
		{Name: "Mentor", Type: directory.TypeEmployee},
	}
	for _, a := range ok {
		if err := a.Validate(); err != nil {
			t.Errorf("%+v: %v", a, err)
		}
	}
	bad := []struct {
		def    directory.AttributeDef
		detail string
	}{
		{directory.AttributeDef{Name: " ", Type: directory.TypeOption}, "name is required"},
		{directory.AttributeDef{Name: "a:b", Type: directory.TypeOption}, "':'"},
		{directory.AttributeDef{Name: strings.Repeat("x", 101), Type: directory.TypeOption}, "100 characters"},
		{directory.AttributeDef{Name: "Salary", Type: "decimal"}, `"decimal" is not one of`},
		{directory.AttributeDef{Name: "Since", Type: directory.TypeDate, Aliases: []string{"Employed since"}}, "no spaces"},
		{directory.AttributeDef{Name: "Since", Type: directory.TypeDate, Aliases: []string{"1st"}}, "start with a letter"},
		{directory.AttributeDef{Name: "Since", Type: directory.TypeDate, Aliases: []string{"since"}}, "equals the name"},
		{directory.AttributeDef{Name: "Since", Type: directory.TypeDate, Aliases: []string{"a", "A"}}, "given twice"},
		{directory.AttributeDef{Name: "pendingReferences", Type: directory.TypeOption}, "reserved"},
		{directory.AttributeDef{Name: "Level", Type: directory.TypeNumber, Options: []string{"1"}}, "only option attributes"},
		{directory.AttributeDef{Name: "Office", Type: directory.TypeOption, Options: []string{""}}, "non-empty"},
		{directory.AttributeDef{Name: "Off\x00ice", Type: directory.TypeOption}, `attribute name "Off\x00ice" holds a NUL character`},
		{directory.AttributeDef{Name: "Off\xffice", Type: directory.TypeOption}, "not UTF-8"},
		{directory.AttributeDef{Name: "Office", Type: directory.TypeOption, Options: []string{"London", "Paris\x00"}}, `option "Paris\x00" holds a NUL`},
		{directory.AttributeDef{Name: "Since", Type: directory.TypeDate, Aliases: []string{"Since_\x00"}}, "holds a NUL"},
		{directory.AttributeDef{Name: "Since", Type: directory.TypeDate, Aliases: []string{"Since_\xff"}}, "not UTF-8"},
	}
	for _, c := range bad {
		// ValidateNew: Validate, and the rule for aliases an
		// administrator adds (path-safe).
		err := c.def.ValidateNew()
		if directory.ErrorCode(err) != directory.EInvalid || !strings.Contains(err.Error(), c.detail) {
			t.Errorf("%+v: err = %v, want EInvalid containing %q", c.def, err, c.detail)
		}
	}
}

func TestAttributeDefValidateAgainst(t *testing.T) {
	existing := []directory.AttributeDef{{ID: "1", Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate}}
	for _, a := range []directory.AttributeDef{
		{ID: "2", Name: "EMPLOYED SINCE"},
		{ID: "2", Name: "employed_since"},
		{ID: "2", Name: "Start", Aliases: []string{"EMPLOYED_SINCE"}},
	} {
		if err := a.ValidateAgainst(existing); directory.ErrorCode(err) != directory.EConflict {
			t.Errorf("%+v: err = %v, want EConflict", a, err)
		}
	}
	self := existing[0]
	if err := self.ValidateAgainst(existing); err != nil {
		t.Errorf("an attribute must not clash with itself: %v", err)
	}
}

func TestEmployeeValidate(t *testing.T) {
	cases := []struct {
		e      directory.Employee
		detail string
	}{
		{directory.Employee{UserName: "a@x"}, ""},
		{directory.Employee{UserName: "  "}, "userName is required"},
		{directory.Employee{UserName: strings.Repeat("x", 1025)}, "1024"},
		{directory.Employee{UserName: "a", Emails: []directory.Email{{Value: ""}}}, "non-empty value"},
		{directory.Employee{UserName: "a", Emails: []directory.Email{{Value: "a", Primary: true}, {Value: "b", Primary: true}}}, "at most one email"},
		{directory.Employee{ID: "1", UserName: "a", Manager: directory.Reference{Value: "1", TargetID: "1"}}, "own manager"},
	}
	for _, c := range cases {
		err := c.e.Validate()
		if c.detail == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.e, err)
			}
			continue
		}
		if directory.ErrorCode(err) != directory.EInvalid || !strings.Contains(err.Error(), c.detail) {
			t.Errorf("%+v: err = %v, want EInvalid containing %q", c.e, err, c.detail)
		}
	}
}

func TestTokens(t *testing.T) {
	tok, hash := directory.NewToken()
	tok2, _ := directory.NewToken()
	if !strings.HasPrefix(tok, "rst_") || len(tok) < 40 || tok == tok2 {
		t.Fatalf("tokens %q %q", tok, tok2)
	}
	if string(directory.HashToken(tok)) != string(hash) || string(directory.HashToken(tok2)) == string(hash) {
		t.Fatal("HashToken does not identify the token")
	}
}

func TestPendingReferences(t *testing.T) {
	defs := []directory.AttributeDef{{ID: "m", Name: "Mentor", Type: directory.TypeEmployee}, {ID: "d", Name: "Dept", Type: directory.TypeOption}}
	e := directory.Employee{
		Manager:    directory.Reference{Value: "boss@x"},
		Attributes: map[string]directory.AttributeValue{"m": {Ref: directory.Reference{Value: "mentor@x", TargetID: "42"}}, "d": {Text: "R&D"}},
	}
	got := e.PendingReferences(defs)
	if len(got) != 1 || got[0] != (directory.PendingReference{Attribute: "manager", Value: "boss@x"}) {
		t.Fatalf("pending = %+v", got)
	}
}

// TestValidateRefusesUnstorableText: names, labels and emails with a NUL
// or bytes that are not UTF-8 are EInvalid (the command line can pass
// them; PostgreSQL would fail on them).
func TestValidateRefusesUnstorableText(t *testing.T) {
	hash := make([]byte, 32)
	for _, c := range []struct {
		what string
		err  error
	}{
		{"company name with NUL", (&directory.Company{Name: "Acme\x00"}).Validate()},
		{"company name not UTF-8", (&directory.Company{Name: "Acm\xe9"}).Validate()},
		{"connection label with NUL", (&directory.Connection{Label: "\x00Okta", TokenHash: hash}).Validate()},
		{"connection label not UTF-8", (&directory.Connection{Label: "Okta\xff", TokenHash: hash}).Validate()},
		{"admin email with NUL", (&directory.Admin{Email: "ada\x00@acme.example", PasswordHash: "$x"}).Validate()},
		{"admin email not UTF-8", (&directory.Admin{Email: "ad\xe9@acme.example", PasswordHash: "$x"}).Validate()},
	} {
		if directory.ErrorCode(c.err) != directory.EInvalid {
			t.Errorf("%s: err = %v, want EInvalid", c.what, c.err)
		}
	}
	for _, s := range []string{"", "Ada", "Σοφία", "a\tb", "\U0001F600"} {
		if !directory.StorableText(s) {
			t.Errorf("StorableText(%q) = false", s)
		}
	}
	for _, s := range []string{"\x00", "a\x00", "\xff", "a\xc3", "\xed\xa0\x80"} {
		if directory.StorableText(s) {
			t.Errorf("StorableText(%q) = true", s)
		}
	}
}
