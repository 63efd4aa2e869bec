package directory_test

import (
	"strings"
	"testing"

	"roster/internal/directory"
)

// The domain's rules that the store, the console and the command line
// all apply; tested here without a database.

func TestShownName(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    directory.Employee
		want string
	}{
		{"displayName first", directory.Employee{UserName: "u", DisplayName: "The Boss", Name: directory.Name{GivenName: "Grace", FamilyName: "Hopper", Formatted: "Dr. Hopper"}}, "The Boss"},
		{"given and family", directory.Employee{UserName: "u", Name: directory.Name{GivenName: "Grace", FamilyName: "Hopper", Formatted: "Dr. Hopper"}}, "Grace Hopper"},
		{"given only", directory.Employee{UserName: "u", Name: directory.Name{GivenName: "Grace"}}, "Grace"},
		{"family only", directory.Employee{UserName: "u", Name: directory.Name{FamilyName: "Hopper"}}, "Hopper"},
		{"blank parts", directory.Employee{UserName: "u", Name: directory.Name{GivenName: " ", FamilyName: " "}}, "u"},
		{"formatted", directory.Employee{UserName: "u", Name: directory.Name{Formatted: "Dr. Hopper"}}, "Dr. Hopper"},
		{"userName last", directory.Employee{UserName: "grace@example.com"}, "grace@example.com"},
	} {
		if got := tc.e.ShownName(); got != tc.want {
			t.Errorf("%s: ShownName = %q; want %q", tc.name, got, tc.want)
		}
	}
}

func TestActorLabel(t *testing.T) {
	names := directory.ActorNames{
		Connections: map[string]string{"c1": "Entra ID"},
		Admins:      map[string]string{"a1": "ada@example.com"},
	}
	for _, tc := range []struct {
		name string
		a    directory.Actor
		want string
	}{
		{"connection", directory.Actor{ConnectionID: "c1"}, "Entra ID"},
		{"removed connection", directory.Actor{ConnectionID: "gone"}, "a removed connection"},
		{"connection wins over admin", directory.Actor{ConnectionID: "c1", AdminID: "a1"}, "Entra ID"},
		{"admin", directory.Actor{AdminID: "a1"}, "admin ada@example.com"},
		{"unknown admin", directory.Actor{AdminID: "gone"}, "an admin"},
		{"nobody", directory.Actor{}, "roster"},
	} {
		if got := names.Label(tc.a); got != tc.want {
			t.Errorf("%s: Label = %q; want %q", tc.name, got, tc.want)
		}
	}
	if got := (directory.Actor{ConnectionID: "c1"}).Label(nil, nil); got != "a removed connection" {
		t.Errorf("Label without names = %q", got)
	}
	// The history entries name their actor.
	if got := (directory.StatusChange{ConnectionID: "c1", AdminID: "a1"}).By(); got != (directory.Actor{ConnectionID: "c1", AdminID: "a1"}) {
		t.Errorf("StatusChange.By = %+v", got)
	}
	if got := (directory.Activity{ConnectionID: "c1"}).By(); got != (directory.Actor{ConnectionID: "c1"}) {
		t.Errorf("Activity.By = %+v", got)
	}
}

func TestAttributeCheck(t *testing.T) {
	option := directory.AttributeDef{Name: "Level", Type: directory.TypeOption, Options: []string{"Junior", "Senior"}}
	free := directory.AttributeDef{Name: "Team", Type: directory.TypeOption}
	open := directory.AttributeDef{Name: "Site", Type: directory.TypeOption, Options: []string{"Berlin"}, Open: true}
	date := directory.AttributeDef{Name: "Since", Type: directory.TypeDate}
	number := directory.AttributeDef{Name: "Floor", Type: directory.TypeNumber}
	employee := directory.AttributeDef{Name: "Buddy", Type: directory.TypeEmployee}
	long := strings.Repeat("é", directory.MaxOptionLength)
	for _, tc := range []struct {
		name    string
		def     directory.AttributeDef
		v       directory.AttributeValue
		want    directory.AttributeValue
		wantOK  bool
		wantErr string // part of the EInvalid message; "" for none
	}{
		{"option listed", option, directory.AttributeValue{Text: "Senior"}, directory.AttributeValue{Text: "Senior"}, true, ""},
		{"option any case, as listed", option, directory.AttributeValue{Text: "sENIOR"}, directory.AttributeValue{Text: "Senior"}, true, ""},
		{"option spaces around", option, directory.AttributeValue{Text: " Senior\t"}, directory.AttributeValue{Text: "Senior"}, true, ""},
		{"open option as listed", open, directory.AttributeValue{Text: " BERLIN "}, directory.AttributeValue{Text: "Berlin"}, true, ""},
		{"open option new, trimmed", open, directory.AttributeValue{Text: " Lisbon"}, directory.AttributeValue{Text: "Lisbon"}, true, ""},
		{"option spaces only is no value", open, directory.AttributeValue{Text: "  "}, directory.AttributeValue{}, false, ""},
		{"option not listed", option, directory.AttributeValue{Text: "Lead"}, directory.AttributeValue{}, false, `"Level" takes one of Junior, Senior; got "Lead"`},
		{"option empty is no value", option, directory.AttributeValue{}, directory.AttributeValue{}, false, ""},
		{"option keeps only text", free, directory.AttributeValue{Text: "Core", Date: "2024-01-01", Number: 3}, directory.AttributeValue{Text: "Core"}, true, ""},
		{"option at the limit", free, directory.AttributeValue{Text: long}, directory.AttributeValue{Text: long}, true, ""},
		{"option too long", free, directory.AttributeValue{Text: long + "x"}, directory.AttributeValue{}, false, "at most 256 characters; got 257"},
		{"date", date, directory.AttributeValue{Date: "2024-02-29"}, directory.AttributeValue{Date: "2024-02-29"}, true, ""},
		{"date empty is no value", date, directory.AttributeValue{Text: "x"}, directory.AttributeValue{}, false, ""},
		{"date impossible", date, directory.AttributeValue{Date: "2023-02-29"}, directory.AttributeValue{}, false, "takes YYYY-MM-DD"},
		{"date-time refused", date, directory.AttributeValue{Date: "2024-01-01T00:00:00Z"}, directory.AttributeValue{}, false, "takes YYYY-MM-DD"},
		{"number zero is a value", number, directory.AttributeValue{}, directory.AttributeValue{}, true, ""},
		{"number", number, directory.AttributeValue{Number: -7, Text: "x"}, directory.AttributeValue{Number: -7}, true, ""},
		{"employee keeps only the value", employee, directory.AttributeValue{Ref: directory.Reference{Value: "bob", TargetID: "id", TargetName: "Bob"}},
			directory.AttributeValue{Ref: directory.Reference{Value: "bob"}}, true, ""},
		{"employee empty is no value", employee, directory.AttributeValue{Ref: directory.Reference{TargetID: "id"}}, directory.AttributeValue{}, false, ""},
	} {
		got, ok, err := tc.def.Check(tc.v)
		switch {
		case tc.wantErr != "":
			if directory.ErrorCode(err) != directory.EInvalid || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: error %v; want EInvalid saying %q", tc.name, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("%s: error %v", tc.name, err)
		case ok != tc.wantOK || got != tc.want:
			t.Errorf("%s: Check = %+v, %t; want %+v, %t", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
	if _, _, err := (&directory.AttributeDef{Name: "x", Type: "colour"}).Check(directory.AttributeValue{Text: "red"}); err == nil || directory.ErrorCode(err) != "" {
		t.Errorf("unknown type: error %v; want an internal error", err)
	}
}
