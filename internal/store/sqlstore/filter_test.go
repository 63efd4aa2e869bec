package sqlstore

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// dollar is a PostgreSQL-like dialect for checking placeholder numbering.
type dollar struct{}

func (dollar) Name() string                  { return "dollar" }
func (dollar) Placeholder(n int) string      { return DollarPlaceholder(n) }
func (dollar) Bool(b bool) string            { return strings.ToUpper(strconv.FormatBool(b)) }
func (dollar) MatchExact(x, p string) string { return x + ` LIKE ` + p + ` ESCAPE '\'` }
func (dollar) ExactPattern(s string, prefix, suffix bool) string {
	return LikePattern(s, prefix, suffix)
}
func (dollar) IsUniqueViolation(error) bool           { return false }
func (dollar) IsUniqueViolationOf(error, string) bool { return false }
func (dollar) Unavailable(error) bool                 { return false }
func (dollar) MigrationLock() string                  { return "" }
func (dollar) LockCompany() string                    { return "" }
func (dollar) GroupCommit() bool                      { return false }
func (dollar) FailedStatementUndoneAlone() bool       { return false }
func (dollar) NestedBeginRefused(error) bool          { return false }
func (dollar) SendTogether() Sender                   { return nil }
func (dollar) CountInBatch() (string, string)         { return "", "" }
func (dollar) CountCreate() []string                  { return nil }
func (dollar) PacksRows() bool                        { return false }
func (dollar) OmitsNullColumns() bool                 { return false }
func (dollar) CatchUp() []string                      { return nil }
func (dollar) ShortReadsUncancelled() bool            { return false }
func (dollar) JSONArray() (string, string)            { return "json_build_array", "json_agg" }
func (dollar) ForUpdate(alias string) string          { return " FOR UPDATE OF " + alias }
func (dollar) PrepareInTransaction() bool             { return false }
func (dollar) SearchCandidates([]string, func(any) string) string {
	return ""
}

func TestBuildEmployeesQueryBindsEverything(t *testing.T) {
	evil := `x' OR 1=1 --`
	expr, err := filter.Parse(schema.UserType(nil), `userName eq "`+evil+`" or (emails[type eq "work" and value co "%_"] and not (externalId sw "`+evil+`")) or title ne "a"`)
	if err != nil {
		t.Fatal(err)
	}
	q, err := BuildEmployeesQuery(dollar{}, "company-1", directory.EmployeeQuery{Filter: expr, Limit: 10, Offset: 5}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{q.Count, q.Page, q.PageFew} {
		if strings.Contains(text, "1=1") || strings.Contains(text, "company-1") || strings.Contains(text, "?") {
			t.Errorf("a value or a ? reached the SQL text:\n%s", text)
		}
	}
	// Placeholders are $1…$n in order of appearance, one per argument.
	nums := func(text string) []int {
		var out []int
		for _, m := range regexp.MustCompile(`\$(\d+)`).FindAllStringSubmatch(text, -1) {
			n, _ := strconv.Atoi(m[1])
			out = append(out, n)
		}
		return out
	}
	check := func(name, text string, args []any) {
		got := nums(text)
		if len(got) != len(args) {
			t.Errorf("%s: %d placeholders for %d arguments:\n%s", name, len(got), len(args), text)
		}
		for i, n := range got {
			if n != i+1 {
				t.Errorf("%s: placeholder %d is $%d:\n%s", name, i+1, n, text)
				break
			}
		}
	}
	check("count", q.Count, q.Args)
	check("page", q.Page, q.PageArgs)
	if q.PageArgs[len(q.PageArgs)-2] != 10 || q.PageArgs[len(q.PageArgs)-1] != 5 {
		t.Errorf("page arguments end with %v; want limit 10, offset 5", q.PageArgs[len(q.PageArgs)-2:])
	}
	if q.Args[0] != "company-1" {
		t.Errorf("first argument %v; want the company", q.Args[0])
	}
}

func TestLikePattern(t *testing.T) {
	for _, tc := range []struct {
		s              string
		prefix, suffix bool
		want           string
	}{
		{`a%b_c\d`, true, true, `%a\%b\_c\\d%`},
		{`ab`, false, true, `ab%`},
		{`ab`, true, false, `%ab`},
	} {
		if got := LikePattern(tc.s, tc.prefix, tc.suffix); got != tc.want {
			t.Errorf("LikePattern(%q) = %q; want %q", tc.s, got, tc.want)
		}
	}
}

func TestRebind(t *testing.T) {
	got := rebind(dollar{}, `SELECT a FROM t WHERE x = ? AND y IN (?, ?)`)
	if want := `SELECT a FROM t WHERE x = $1 AND y IN ($2, $3)`; got != want {
		t.Errorf("rebind = %q; want %q", got, want)
	}
}

func TestSplitStatements(t *testing.T) {
	got := splitStatements("-- comment\nCREATE TABLE a (\n\tx INTEGER -- inline\n);\n\nCREATE INDEX i ON a (x);\n")
	if len(got) != 2 || !strings.HasPrefix(got[0], "CREATE TABLE a") || got[1] != "CREATE INDEX i ON a (x);" {
		t.Errorf("splitStatements = %q", got)
	}
}
