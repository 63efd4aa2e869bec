// Package sqlstore implements directory.Store on database/sql once for
// every SQL backend. What differs between SQLite and PostgreSQL
// (placeholders, boolean literals, case-sensitive pattern matching,
// constraint-violation detection) sits behind Dialect, so a backend package
// only opens its database, supplies its migrations and a Dialect.
//
// Storage conventions shared by all backends:
//
//   - Times are INTEGER (BIGINT) unix microseconds, UTC. A zero time.Time
//     that means "never" (Connection.LastUsed, RevokedAt) is NULL.
//   - An absent string attribute is NULL, never the empty string: Go's ""
//     is written as NULL and NULL is read back as "". So "pr" and
//     "eq null" are plain IS [NOT] NULL tests.
//   - Case-insensitive attributes (caseExact false: userName, name.*,
//     displayName, emails.value …) have a second column, <name>_fold,
//     holding Fold(value), computed in Go. Filters and sorting use it, and
//     the per-company unique index on user_name_fold enforces
//     case-insensitive userName uniqueness. Folding in Go rather than with
//     SQL lower() makes both backends agree on non-ASCII letters (SQLite's
//     lower() folds ASCII only) and agree with filter.Match.
//   - employees.search_fold holds the folded userName, given and family
//     name and email values of the employee, joined by line feeds
//     (SearchFold), written with every employee write: the console's
//     search (EmployeeQuery.Search) is one LIKE on it per word, started
//     from the backend's index of it when it has one (search.go).
//   - employees.seq is the creation order, the default sort and the last
//     tie-breaker of every sort, so pages are stable.
//   - Company attribute values are rows of employee_attribute_values, one
//     per employee and attribute holding a value, in the column of the
//     attribute's type: text (option, with text_fold), number_value
//     (integer), date_value (YYYY-MM-DD text, which orders as dates) or
//     ref (employee). A value exists exactly when its row does: an empty
//     text, date or reference is no value. Filters compile to "e.id IN
//     (SELECT employee_id … WHERE company_id = ? AND attribute_id = ? AND
//     <typed comparison>)", served by a (company_id, attribute_id, column)
//     index per type, so date and number ranges are exact and indexed.
//   - References (the manager, employee-typed attributes) keep the value
//     as sent, its fold and the resolved employee's id, NULL while
//     pending; refs.go has the resolution rules. Employee writes of a
//     company are serialised by a lock on the company's row
//     (Dialect.LockCompany) so that resolution cannot miss a concurrent
//     write.
//
// Filters are compiled to SQL with bound parameters only: attribute names
// map through a fixed table (attrs in filter.go), never from input
// (company attributes bind their AttributeDef.ID), and an
// attribute missing from it is EInvalid ("filtering on X is not
// supported"), never silently true. The SQL reproduces filter.Match, the
// reference model, which the contract suite checks case by case and on
// random combinations:
//
//   - A comparison holds only for present values; SQL's NULL, which
//     would make "not" drop employees without the attribute, never
//     escapes: "not X" compiles to "(X) IS NOT TRUE".
//   - "ne" is "not eq": it holds for an absent attribute, and
//     "emails.value ne x" means no email is x.
//   - emails comparisons hold when one email matches; a value path
//     emails[type eq "work" and value co "x"] needs one email to match
//     all of it. Both compile to e.id IN (SELECT employee_id FROM
//     employee_emails …), which SQLite answers from the emails index.
//   - dateTime values are compared on whole microseconds, rounding the
//     operand so that the result is exact for every stored time.
package sqlstore
