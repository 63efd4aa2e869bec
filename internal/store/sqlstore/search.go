package sqlstore

import (
	"context"
	"slices"
	"strings"

	"roster/internal/directory"
)

// EmployeeQuery.Search: every word must occur in the userName, given or
// family name or an email value, case-insensitively. Each employee row
// keeps those parts folded in one column, search_fold, so that a word is
// one "search_fold LIKE '%word%'" instead of four ORed LIKEs and a
// subquery on the emails. A LIKE with a leading % cannot seek an index,
// though: when the dialect has an index of search_fold
// (Dialect.SearchCandidates; SQLite's trigram table), Employees first asks
// it for candidates, and when they are few (at most maxCandidates, of all
// companies) the count and the page start from them and test only those;
// otherwise they test every employee of the company.

// searchSep joins the parts of an employee's search_fold: a line feed.
// A search word without one cannot match across two parts, so a word
// occurs in search_fold exactly when it occurs in one of the parts
// (words the console splits with strings.Fields never hold one; a word
// that does is compared part by part, see compiler.search).
const searchSep = "\n"

// SearchFold returns what the employees.search_fold column holds for e:
// Fold of its userName, name.givenName, name.familyName and email
// values, in that order (emails in theirs), joined by searchSep, absent
// parts empty. Migration 0005 computes the same text in SQL from the
// *_fold columns: Fold maps rune by rune, so joining folds is folding
// the joined text.
func SearchFold(e *directory.Employee) string {
	parts := make([]string, 0, 3+len(e.Emails))
	parts = append(parts, e.UserName, e.Name.GivenName, e.Name.FamilyName)
	for _, m := range e.Emails {
		parts = append(parts, m.Value)
	}
	return Fold(strings.Join(parts, searchSep))
}

// search compiles one word of EmployeeQuery.Search, not empty.
func (c *compiler) search(word string) string {
	p := LikePattern(Fold(word), true, true)
	if !strings.Contains(word, searchSep) {
		return "e.search_fold LIKE " + c.bind(p) + ` ESCAPE '\'`
	}
	// Fold leaves line feeds as they are: this word could match across
	// two parts of search_fold, so each part is tried on its own.
	ors := make([]string, 0, 4)
	for _, col := range []string{"e.user_name_fold", "e.given_name_fold", "e.family_name_fold"} {
		ors = append(ors, col+" LIKE "+c.bind(p)+` ESCAPE '\'`)
	}
	head := "e.id IN (SELECT m.employee_id FROM employee_emails m WHERE m.company_id = " + c.bind(c.company)
	ors = append(ors, head+" AND m.value_fold LIKE "+c.bind(p)+` ESCAPE '\')`)
	return "(" + strings.Join(ors, " OR ") + ")"
}

// matchesNothing reports whether a word of search holds a NUL or bytes
// that are not UTF-8: no stored text does (directory.StorableText), so no
// employee matches, and asking anyway fails on PostgreSQL ("invalid byte
// sequence") and in SQLite's FTS5 query parser ("unterminated string").
func matchesNothing(search []string) bool {
	for _, w := range search {
		if !directory.StorableText(w) {
			return true
		}
	}
	return false
}

// indexWords returns the words of a search that an index of search_fold
// can look up: folded, without the empty ones (they occur everywhere) and
// those holding searchSep.
func indexWords(search []string) []string {
	var out []string
	for _, w := range search {
		if w != "" && !strings.Contains(w, searchSep) {
			out = append(out, Fold(w))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// maxCandidates is the number of search candidates up to which testing
// each of them (a seek by seq, twice: for the count and for the page)
// beats testing every employee of the company, measured at 100,000.
const maxCandidates = 2000

// narrowSearch reports whether the dialect's index of search_fold finds
// at most maxCandidates employees, of all companies, that may match
// search: then the query is best started from them (BuildEmployeesQuery's
// narrow).
func (s *Store) narrowSearch(ctx context.Context, tx handle, search []string) (bool, error) {
	var args []any
	bind := func(v any) string {
		args = append(args, v)
		return s.d.Placeholder(len(args))
	}
	cand := s.d.SearchCandidates(indexWords(search), bind)
	if cand == "" {
		return false, nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+cand+` LIMIT `+bind(maxCandidates+1)+`) sc`, args...).Scan(&n)
	return n <= maxCandidates, err
}
