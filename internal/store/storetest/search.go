package storetest

import (
	"fmt"
	"strings"
	"testing"

	"roster/internal/directory"
)

// searchPeople creates the employees of the search tests, keyed by short
// name: names and emails in mixed case, non-ASCII letters, LIKE and GLOB
// metacharacters, and attributes the search does not look in.
func searchPeople(e *env, companyID string) map[string]directory.Employee {
	people := map[string]directory.Employee{}
	add := func(key, userName string, edit func(*directory.Employee)) {
		people[key] = e.employee(companyID, userName, edit)
	}
	add("ada", "ada@acme.example", func(p *directory.Employee) {
		p.Name = directory.Name{GivenName: "Ada", FamilyName: "Lovelace", Formatted: "Countess of Lovelace"}
		p.Emails = []directory.Email{{Value: "ada@acme.example", Type: "work", Primary: true}, {Value: "countess@analytical.engine", Type: "home"}}
	})
	add("byron", "Byron@Acme.Example", func(p *directory.Employee) {
		p.Name = directory.Name{GivenName: "Ada", FamilyName: "Byron"}
		p.Active = false
	})
	add("erin", "ERIN@ACME.EXAMPLE", func(p *directory.Employee) {
		p.Name = directory.Name{GivenName: "Érin", FamilyName: "Östberg"}
		p.Emails = []directory.Email{{Value: "Erin.Ostberg@Mail.Test"}}
	})
	add("sofia", "sofia@acme.example", func(p *directory.Employee) {
		p.Name = directory.Name{GivenName: "ΣΟΦΙΑ", FamilyName: "Straße"}
		p.Active = false
	})
	add("dave", `dave_100%@acme.example`, func(p *directory.Employee) {
		p.Name = directory.Name{GivenName: `Da*ve?`, FamilyName: `[back\slash] "quoted"`}
	})
	add("grace", "grace@acme.example", func(p *directory.Employee) {
		p.Name = directory.Name{GivenName: "Grace", FamilyName: "Hopper"}
		// Looked in by filters, not by the search box.
		p.DisplayName = "Amazing Grace Lovelace"
		p.Title = "Rear Admiral"
		p.Department = "Navy"
		p.ExternalID = "lovelace-ext"
		p.EmployeeNumber = "lovelace-42"
	})
	return people
}

// searchFilter is the filter that Search stands for: every word in the
// userName, a name or an email value.
func searchFilter(words []string) string {
	var parts []string
	for _, w := range words {
		lit := fmt.Sprintf("%q", w)
		parts = append(parts, fmt.Sprintf("(userName co %[1]s or name.givenName co %[1]s or name.familyName co %[1]s or emails.value co %[1]s)", lit))
	}
	return strings.Join(parts, " and ")
}

// searchKeys returns the keys of people matched by q, sorted.
func searchKeys(e *env, companyID string, people map[string]directory.Employee, q directory.EmployeeQuery) string {
	e.t.Helper()
	q.Limit = 1000
	page, total, err := e.s.Employees(e.ctx, companyID, q)
	if err != nil {
		e.t.Fatalf("Employees(%+v): %v", q, err)
	}
	if total != len(page) {
		e.t.Errorf("Employees(%q): total %d, page of %d", q.Search, total, len(page))
	}
	byID := map[string]string{}
	for k, p := range people {
		byID[p.ID] = k
	}
	var keys []string
	for _, p := range page {
		keys = append(keys, byID[p.ID])
	}
	return join(sorted(keys))
}

var searchTests = []test{
	{"Words", func(t *testing.T, e *env) {
		c := e.company("Acme")
		people := searchPeople(e, c.ID)
		for _, tc := range []struct {
			words []string
			want  string
		}{
			{[]string{"lovelace"}, "ada"},
			{[]string{"LoveLace"}, "ada"},
			{[]string{"ada"}, "ada byron"},
			{[]string{"ada", "lovelace"}, "ada"},
			{[]string{"lovelace", "ada"}, "ada"},
			{[]string{"ADA", "BYRON"}, "byron"},
			{[]string{"ada", "hopper"}, ""},
			{[]string{"acme.example"}, "ada byron dave erin grace sofia"},
			// Words of any length, also shorter than an index's trigrams.
			{[]string{"a"}, "ada byron dave erin grace sofia"},
			{[]string{"by"}, "byron"},
			{[]string{"by", "ron"}, "byron"},
			{[]string{"ov", "lovel"}, "ada"},
			// Emails, all of them; their types are not searched.
			{[]string{"analytical"}, "ada"},
			{[]string{"mail.test"}, "erin"},
			{[]string{"home"}, ""},
			// Only userName, given and family name and emails.
			{[]string{"countess", "of"}, ""},
			{[]string{"amazing"}, ""},
			{[]string{"admiral"}, ""},
			{[]string{"navy"}, ""},
			{[]string{"lovelace-ext"}, ""},
			{[]string{"lovelace-42"}, ""},
			// A word lies within one attribute.
			{[]string{"adalovelace"}, ""},
			{[]string{"ada lovelace"}, ""},
			{[]string{"lovelace\nada@acme"}, ""},
			{[]string{"ada@acme.example\nlovelace"}, ""},
			// Empty words occur everywhere.
			{[]string{""}, "ada byron dave erin grace sofia"},
			{[]string{"", "hopper"}, "grace"},
			{nil, "ada byron dave erin grace sofia"},
		} {
			got := searchKeys(e, c.ID, people, directory.EmployeeQuery{Search: tc.words})
			if got != tc.want {
				t.Errorf("Search %q = %q; want %q", tc.words, got, tc.want)
			}
		}
	}},
	{"CaseInsensitiveUnicode", func(t *testing.T, e *env) {
		c := e.company("Acme")
		people := searchPeople(e, c.ID)
		for _, tc := range []struct {
			words []string
			want  string
		}{
			{[]string{"östberg"}, "erin"},
			{[]string{"ÖSTBERG"}, "erin"},
			{[]string{"érin"}, "erin"},
			{[]string{"ÉRIN"}, "erin"},
			{[]string{"erin"}, "erin"},    // the userName
			{[]string{"ostberg"}, "erin"}, // the email
			{[]string{"öst", "ÉR"}, "erin"},
			{[]string{"σοφια"}, "sofia"},
			{[]string{"Σοφια"}, "sofia"},
			{[]string{"ΣΟΦ"}, "sofia"},
			{[]string{"straße"}, "sofia"},
			{[]string{"STRAẞE"}, "sofia"}, // capital sharp s folds to ß
			{[]string{"strasse"}, ""},     // simple folding only, as filters
		} {
			got := searchKeys(e, c.ID, people, directory.EmployeeQuery{Search: tc.words})
			if got != tc.want {
				t.Errorf("Search %q = %q; want %q", tc.words, got, tc.want)
			}
		}
	}},
	{"Metacharacters", func(t *testing.T, e *env) {
		c := e.company("Acme")
		people := searchPeople(e, c.ID)
		for _, tc := range []struct {
			words []string
			want  string
		}{
			{[]string{"%"}, "dave"},
			{[]string{"_"}, "dave"},
			{[]string{"0%@"}, "dave"},
			{[]string{"e_1"}, "dave"},
			{[]string{"*"}, "dave"},
			{[]string{"da*ve?"}, "dave"},
			{[]string{"a*v"}, "dave"},
			{[]string{"d?ve"}, ""},
			{[]string{"[back"}, "dave"},
			{[]string{"[b]ack"}, ""},
			{[]string{`\slash`}, "dave"},
			{[]string{`\`}, "dave"},
			{[]string{`"quoted"`}, "dave"},
			{[]string{`"`}, "dave"},
			{[]string{`" OR "`}, ""},
			{[]string{"' OR 1=1 --"}, ""},
		} {
			got := searchKeys(e, c.ID, people, directory.EmployeeQuery{Search: tc.words})
			if got != tc.want {
				t.Errorf("Search %q = %q; want %q", tc.words, got, tc.want)
			}
		}
	}},
	{"HostileWords", func(t *testing.T, e *env) {
		// Words an index's query language (SQLite's FTS5) could read as
		// syntax, or that a backend cannot take as text, are still just
		// words: never an error. No stored text holds a NUL or bytes that
		// are not UTF-8 (directory.StorableText), so a word with one
		// matches nothing.
		c := e.company("Acme")
		people := searchPeople(e, c.ID)
		for _, tc := range []struct {
			words []string
			want  string
		}{
			{[]string{"AND"}, ""},
			{[]string{"ada", "OR", "lovelace"}, ""},
			{[]string{"NOT"}, ""},
			{[]string{"NEAR(ada"}, ""},
			{[]string{"(ada)"}, ""},
			{[]string{"ada)"}, ""},
			{[]string{"(ada"}, ""},
			{[]string{"ada*"}, ""},
			{[]string{"^ada"}, ""},
			{[]string{"-ada"}, ""},
			{[]string{"+ada"}, ""},
			{[]string{"a:b"}, ""},
			{[]string{"{ada}"}, ""},
			{[]string{`"""`}, ""},
			{[]string{`""`}, ""},
			{[]string{`"ada`}, ""},
			{[]string{"ad", "a"}, "ada byron"},
			{[]string{strings.Repeat("lovelace ", 1200)}, ""}, // 10 KB
			{[]string{strings.Repeat("ada", 3000)}, ""},
			{[]string{"\t\r"}, ""},
			{[]string{"lovelace\x00"}, ""},
			{[]string{"\x00"}, ""},
			{[]string{"a\x00b", "ada"}, ""},
			{[]string{"\x00lov"}, ""},
			{[]string{"\xff"}, ""},
			{[]string{"lov\xffelace"}, ""},
			{[]string{"ada", "\xc3"}, ""},
		} {
			got := searchKeys(e, c.ID, people, directory.EmployeeQuery{Search: tc.words})
			if got != tc.want {
				t.Errorf("Search %q = %q; want %q", tc.words, got, tc.want)
			}
		}
	}},
	{"AgreesWithFilter", func(t *testing.T, e *env) {
		// Search finds what the filter of four "co" per word finds
		// (the console's search before Search), for every word taken
		// from the data set, changed in case, and cut short.
		c := e.company("Acme")
		people := searchPeople(e, c.ID)
		seen := map[string]bool{}
		var words []string
		for _, p := range people {
			texts := []string{p.UserName, p.Name.GivenName, p.Name.FamilyName, p.DisplayName, p.Title}
			for _, m := range p.Emails {
				texts = append(texts, m.Value)
			}
			for _, s := range texts {
				r := []rune(s)
				for _, w := range []string{s, strings.ToUpper(s), string(r[:min(2, len(r))]), string(r[len(r)/3 : 2*len(r)/3]), string(r[len(r)/2:])} {
					if !seen[w] {
						seen[w] = true
						words = append(words, w)
					}
				}
			}
		}
		for i, w := range words {
			for _, search := range [][]string{{w}, {w, words[(i*7+3)%len(words)]}} {
				got := searchKeys(e, c.ID, people, directory.EmployeeQuery{Search: search})
				want := searchKeys(e, c.ID, people, directory.EmployeeQuery{Filter: parse(t, searchFilter(search))})
				if got != want {
					t.Errorf("Search %q = %q; the filter finds %q", search, got, want)
				}
			}
		}
	}},
	{"WithFilterAndPages", func(t *testing.T, e *env) {
		c := e.company("Acme")
		people := searchPeople(e, c.ID)
		q := directory.EmployeeQuery{Search: []string{"ada"}, Filter: parse(t, "active eq false")}
		wantEqual(t, "deactivated Adas", searchKeys(e, c.ID, people, q), "byron")
		q.Filter = parse(t, "active eq true")
		wantEqual(t, "active Adas", searchKeys(e, c.ID, people, q), "ada")
		q = directory.EmployeeQuery{Search: []string{"acme"}, Filter: parse(t, `name.familyName sw "b"`)}
		wantEqual(t, "and a filter", searchKeys(e, c.ID, people, q), "byron")
		for _, desc := range []bool{false, true} {
			q = directory.EmployeeQuery{Search: []string{"ACME", "a"}, Descending: desc}
			want := []string{"ada@acme.example", "Byron@Acme.Example", "ERIN@ACME.EXAMPLE", "sofia@acme.example", "dave_100%@acme.example", "grace@acme.example"}
			if desc {
				want = []string{"grace@acme.example", "dave_100%@acme.example", "sofia@acme.example", "ERIN@ACME.EXAMPLE", "Byron@Acme.Example", "ada@acme.example"}
			}
			wantEqual(t, fmt.Sprint("pages, descending ", desc), pages(e, c.ID, q, 4), want)
		}
		names, total := e.list(c.ID, directory.EmployeeQuery{Search: []string{"ada"}, Limit: 0})
		wantEqual(t, "count only", total, 2)
		wantEqual(t, "count only: no page", names, []string{})
	}},
	{"FollowsWrites", func(t *testing.T, e *env) {
		c := e.company("Acme")
		people := searchPeople(e, c.ID)
		find := func(words ...string) string {
			t.Helper()
			return searchKeys(e, c.ID, people, directory.EmployeeQuery{Search: words})
		}
		e.update(c.ID, people["grace"].ID, func(p *directory.Employee) {
			p.Name.FamilyName = "Brewster"
			p.Emails = []directory.Email{{Value: "amazing@navy.test"}}
		})
		wantEqual(t, "old family name", find("hopper"), "")
		wantEqual(t, "new family name", find("brewster"), "grace")
		wantEqual(t, "new email", find("navy"), "grace")
		e.update(c.ID, people["grace"].ID, func(p *directory.Employee) { p.Emails = nil })
		wantEqual(t, "removed email", find("navy"), "")
		e.update(c.ID, people["grace"].ID, func(p *directory.Employee) { p.UserName = "g.brewster@acme.example" })
		wantEqual(t, "new userName", find("g.brew"), "grace")
		e.update(c.ID, people["grace"].ID, func(p *directory.Employee) { p.Title = "Commodore" })
		wantEqual(t, "after an update of other attributes", find("brewster"), "grace")
		if err := e.s.DeleteEmployee(e.ctx, c.ID, people["ada"].ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "deleted", find("lovelace"), "")
		// A batch whose call fails writes none of it.
		err := e.s.Batch(e.ctx, c.ID, func(b directory.Batch) error {
			_, err := b.UpdateEmployee(e.ctx, people["erin"].ID, directory.Actor{}, func(p *directory.Employee) error {
				p.Name.FamilyName = "Sjöberg"
				return directory.Invalid("no")
			})
			wantCode(t, err, directory.EInvalid)
			n := directory.Employee{ID: directory.NewID(), UserName: "new@acme.example", Name: directory.Name{FamilyName: "Sjöström"}}
			return b.CreateEmployee(e.ctx, &n, directory.Actor{})
		})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "failed batch call", find("sjöberg"), "")
		wantEqual(t, "erin kept", find("östberg"), "erin")
		_, total := e.list(c.ID, directory.EmployeeQuery{Search: []string{"SJÖSTRÖM"}})
		wantEqual(t, "batch create", total, 1)
	}},
	{"ScopedToCompany", func(t *testing.T, e *env) {
		a, b := e.company("A"), e.company("B")
		people := searchPeople(e, a.ID)
		other := e.employee(b.ID, "ada@acme.example", func(p *directory.Employee) {
			p.Name = directory.Name{GivenName: "Ada", FamilyName: "Lovelace"}
		})
		wantEqual(t, "company A", searchKeys(e, a.ID, people, directory.EmployeeQuery{Search: []string{"lovelace"}}), "ada")
		names, total := e.list(b.ID, directory.EmployeeQuery{Search: []string{"lovelace"}, Limit: 10})
		wantEqual(t, "company B", names, []string{other.UserName})
		wantEqual(t, "company B's total", total, 1)
		_, total = e.list(b.ID, directory.EmployeeQuery{Search: []string{"hopper"}})
		wantEqual(t, "A's employee from B", total, 0)
		_, total = e.list(directory.NewID(), directory.EmployeeQuery{Search: []string{"ada"}})
		wantEqual(t, "an unknown company", total, 0)
	}},
}
