package directory_test

import (
	"slices"
	"strings"
	"testing"

	"roster/internal/directory"
)

func TestAttributeEditApply(t *testing.T) {
	office := directory.AttributeDef{Name: "Office", Type: directory.TypeOption, Aliases: []string{"Site"},
		Options: []string{"NYC", "Paris", "Berlin"}, Open: true, NewOptions: []string{"Berlin"}}
	yes, no := true, false
	ok := []struct {
		name string
		edit directory.AttributeEdit
		want func(a *directory.AttributeDef)
	}{
		{"rename keeps old name as alias", directory.AttributeEdit{Rename: "Location"},
			func(a *directory.AttributeDef) { a.Name, a.Aliases = "Location", []string{"Site", "Office"} }},
		{"rename to own alias swaps", directory.AttributeEdit{Rename: "site"},
			func(a *directory.AttributeDef) { a.Name, a.Aliases = "site", []string{"Office"} }},
		{"change of case keeps no alias", directory.AttributeEdit{Rename: "OFFICE"},
			func(a *directory.AttributeDef) { a.Name = "OFFICE" }},
		{"rename then drop the old name", directory.AttributeEdit{Rename: "Location", RemoveAliases: []string{"office"}},
			func(a *directory.AttributeDef) { a.Name, a.Aliases = "Location", []string{"Site"} }},
		{"aliases", directory.AttributeEdit{RemoveAliases: []string{"SITE"}, AddAliases: []string{"Work_Place"}},
			func(a *directory.AttributeDef) { a.Aliases = []string{"Work_Place"} }},
		{"options", directory.AttributeEdit{RenameOptions: []directory.OptionRename{{Old: "nyc", New: "New York"}, {Old: "berlin", New: "Berlin HQ"}},
			RemoveOptions: []string{"PARIS"}, AddOptions: []string{" Oslo "}},
			func(a *directory.AttributeDef) {
				a.Options, a.NewOptions = []string{"New York", "Berlin HQ", "Oslo"}, nil
			}},
		{"rename option case only", directory.AttributeEdit{RenameOptions: []directory.OptionRename{{Old: "nyc", New: "Nyc"}}},
			func(a *directory.AttributeDef) { a.Options = []string{"Nyc", "Paris", "Berlin"} }},
		{"close and acknowledge", directory.AttributeEdit{Open: &no, AcknowledgeNew: true},
			func(a *directory.AttributeDef) { a.Open, a.NewOptions = false, nil }},
		{"to date drops the list", directory.AttributeEdit{Type: directory.TypeDate},
			func(a *directory.AttributeDef) {
				a.Type, a.Options, a.NewOptions, a.Open = directory.TypeDate, nil, nil, false
			}},
	}
	for _, tc := range ok {
		t.Run(tc.name, func(t *testing.T) {
			before := office
			before.Aliases, before.Options, before.NewOptions = slices.Clone(office.Aliases), slices.Clone(office.Options), slices.Clone(office.NewOptions)
			got, err := tc.edit.Apply(before)
			if err != nil {
				t.Fatal(err)
			}
			want := office
			want.Aliases, want.Options, want.NewOptions = slices.Clone(office.Aliases), slices.Clone(office.Options), slices.Clone(office.NewOptions)
			tc.want(&want)
			if got.Name != want.Name || !slices.Equal(got.Aliases, want.Aliases) || got.Type != want.Type ||
				!slices.Equal(got.Options, want.Options) || got.Open != want.Open || !slices.Equal(got.NewOptions, want.NewOptions) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
			if !slices.Equal(before.Options, office.Options) || !slices.Equal(before.Aliases, office.Aliases) {
				t.Errorf("Apply changed its argument: %+v", before)
			}
		})
	}
	level := directory.AttributeDef{Name: "Level", Type: directory.TypeNumber}
	bad := []struct {
		name   string
		a      directory.AttributeDef
		edit   directory.AttributeEdit
		detail string
	}{
		{"unknown option renamed", office, directory.AttributeEdit{RenameOptions: []directory.OptionRename{{Old: "Rome", New: "Roma"}}}, `"Rome" is not an option`},
		{"rename onto another option", office, directory.AttributeEdit{RenameOptions: []directory.OptionRename{{Old: "NYC", New: "paris"}}}, "already exists"},
		{"unknown option removed", office, directory.AttributeEdit{RemoveOptions: []string{"Rome"}}, "not an option"},
		{"option added twice", office, directory.AttributeEdit{AddOptions: []string{"nyc"}}, "already an option"},
		{"empty option", office, directory.AttributeEdit{AddOptions: []string{" "}}, "non-empty"},
		{"alias with spaces", office, directory.AttributeEdit{AddAliases: []string{"Work place"}}, "no spaces"},
		{"unknown alias removed", office, directory.AttributeEdit{RemoveAliases: []string{"X"}}, "not an alias"},
		{"alias equal to the name", office, directory.AttributeEdit{AddAliases: []string{"OFFICE"}}, "equals the name"},
		{"bad new name", office, directory.AttributeEdit{Rename: "a.b"}, "'.'"},
		{"reserved name", office, directory.AttributeEdit{Rename: "pendingReferences"}, "reserved"},
		{"options on a number", level, directory.AttributeEdit{AddOptions: []string{"1"}}, "only option attributes"},
		{"open number", level, directory.AttributeEdit{Open: &yes}, "only option attributes can be open"},
		{"to employee", level, directory.AttributeEdit{Type: directory.TypeEmployee}, "cannot become an employee attribute"},
		{"bad type", level, directory.AttributeEdit{Type: "decimal"}, "not one of"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.edit.Apply(tc.a)
			if directory.ErrorCode(err) != directory.EInvalid || !strings.Contains(err.Error(), tc.detail) {
				t.Errorf("err = %v; want EInvalid containing %q", err, tc.detail)
			}
		})
	}
}

func TestConvertValue(t *testing.T) {
	option := directory.AttributeDef{Name: "X", Type: directory.TypeOption}
	closed := directory.AttributeDef{Name: "X", Type: directory.TypeOption, Options: []string{"3"}}
	number := directory.AttributeDef{Name: "X", Type: directory.TypeNumber}
	date := directory.AttributeDef{Name: "X", Type: directory.TypeDate}
	person := directory.AttributeDef{Name: "X", Type: directory.TypeEmployee}
	for _, tc := range []struct {
		from, to directory.AttributeDef
		in, want directory.AttributeValue
		err      string
	}{
		{option, number, directory.AttributeValue{Text: " 42 "}, directory.AttributeValue{Number: 42}, ""},
		{option, number, directory.AttributeValue{Text: "4.5"}, directory.AttributeValue{}, "not a whole number"},
		{option, date, directory.AttributeValue{Text: "2021-03-01"}, directory.AttributeValue{Date: "2021-03-01"}, ""},
		{option, date, directory.AttributeValue{Text: "March"}, directory.AttributeValue{}, "YYYY-MM-DD"},
		{number, option, directory.AttributeValue{Number: -7}, directory.AttributeValue{Text: "-7"}, ""},
		{number, closed, directory.AttributeValue{Number: 4}, directory.AttributeValue{}, "takes one of 3"},
		{date, option, directory.AttributeValue{Date: "2021-03-01"}, directory.AttributeValue{Text: "2021-03-01"}, ""},
		{person, option, directory.AttributeValue{Ref: directory.Reference{Value: "ada@x", TargetID: "1"}}, directory.AttributeValue{Text: "ada@x"}, ""},
		{number, date, directory.AttributeValue{Number: 20210301}, directory.AttributeValue{}, "YYYY-MM-DD"},
	} {
		got, ok, err := directory.ConvertValue(tc.from, tc.to, tc.in)
		if tc.err != "" {
			if directory.ErrorCode(err) != directory.EInvalid || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s→%s %+v: err = %v; want %q", tc.from.Type, tc.to.Type, tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !ok || got != tc.want {
			t.Errorf("%s→%s %+v = %+v, %v, %v; want %+v", tc.from.Type, tc.to.Type, tc.in, got, ok, err, tc.want)
		}
	}
}

func TestAdmitOpenList(t *testing.T) {
	a := directory.AttributeDef{Name: "Location", Type: directory.TypeOption, Options: []string{"Paris"}, Open: true}
	if _, _, err := a.Check(directory.AttributeValue{Text: "Berlin"}); err != nil {
		t.Fatalf("open list refused a new value: %v", err)
	}
	if !a.Admits("Berlin") || a.Admits("paris") {
		t.Errorf("Admits: a new value only")
	}
	if !a.Admit("Berlin") || a.Admit("BERLIN") || a.Admit("paris") {
		t.Errorf("Admit: each new value once, case-insensitively")
	}
	if !slices.Equal(a.Options, []string{"Paris", "Berlin"}) || !slices.Equal(a.NewOptions, []string{"Berlin"}) || !a.IsNewOption("berlin") {
		t.Errorf("after Admit: %+v", a)
	}
	a.Open = false
	if _, _, err := a.Check(directory.AttributeValue{Text: "Oslo"}); directory.ErrorCode(err) != directory.EInvalid {
		t.Errorf("closed list accepted a new value: %v", err)
	}
	if a.Admit("Oslo") {
		t.Errorf("closed list admitted a value")
	}
}
