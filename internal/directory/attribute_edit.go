package directory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// AttributeEdit is an administrator's change to a company attribute's
// definition. Its parts are explicit, not a new definition to compare
// with the old one, because their effect on stored values depends on
// what was meant: renaming option "NYC" to "New York" rewrites the values
// "NYC", removing it and adding "New York" clears them.
//
// The rules (Apply):
//   - Rename: the old name stays accepted as an alias, so identity
//     provider mappings keep working; renaming to one of the attribute's
//     own aliases turns that alias into the name. A change of case only
//     keeps no alias (names are compared case-insensitively anyway).
//   - RemoveAliases, then AddAliases; an added alias must be path-safe.
//     Uniqueness of names and aliases across the company is the store's
//     check (ValidateAgainst).
//   - Type: the stored values are converted (ConvertValue); the store
//     refuses the edit unless every value converts. Leaving the option
//     type drops the option list.
//   - RenameOptions, then RemoveOptions, then AddOptions, on an option
//     attribute only. Employees holding a removed option lose the value:
//     the store refuses unless Confirmed (KindConfirm, naming how many).
//   - Open marks an option list open or closed; AcknowledgeNew clears
//     NewOptions (an edited option is acknowledged too).
type AttributeEdit struct {
	Rename         string
	AddAliases     []string
	RemoveAliases  []string
	Type           AttributeType
	RenameOptions  []OptionRename
	RemoveOptions  []string
	AddOptions     []string
	Open           *bool
	AcknowledgeNew bool
	// Confirmed agrees to clear the values of removed options.
	Confirmed bool
}

// OptionRename renames one option; the values holding Old become New.
type OptionRename struct{ Old, New string }

// Empty reports whether the edit changes nothing.
func (e AttributeEdit) Empty() bool {
	return e.Rename == "" && len(e.AddAliases) == 0 && len(e.RemoveAliases) == 0 && e.Type == "" &&
		len(e.RenameOptions) == 0 && len(e.RemoveOptions) == 0 && len(e.AddOptions) == 0 && e.Open == nil && !e.AcknowledgeNew
}

// Apply returns a after the edit, validated on its own (see the rules on
// AttributeEdit); a is not changed.
func (e AttributeEdit) Apply(a AttributeDef) (AttributeDef, error) {
	b := a
	b.Aliases = slices.Clone(a.Aliases)
	b.Options = slices.Clone(a.Options)
	b.NewOptions = slices.Clone(a.NewOptions)
	if err := e.rename(&b); err != nil {
		return a, err
	}
	if err := e.editAliases(&b); err != nil {
		return a, err
	}
	if e.Type != "" && e.Type != b.Type {
		if e.Type == TypeEmployee {
			return a, Invalid("attribute %q cannot become an employee attribute: its values would have to be matched to employees; create a new employee attribute instead", a.Name)
		}
		b.Type = e.Type
		if b.Type != TypeOption {
			b.Options, b.NewOptions, b.Open = nil, nil, false
		}
	}
	if err := e.editOptions(&b); err != nil {
		return a, err
	}
	if e.Open != nil {
		if *e.Open && b.Type != TypeOption {
			return a, Invalid("only option attributes can be open; %q is a %s attribute", b.Name, b.Type)
		}
		b.Open = *e.Open
	}
	if e.AcknowledgeNew {
		b.NewOptions = nil
	}
	if len(b.Aliases) == 0 {
		b.Aliases = nil
	}
	if len(b.Options) == 0 {
		b.Options = nil
	}
	if len(b.NewOptions) == 0 {
		b.NewOptions = nil
	}
	if err := b.Validate(); err != nil {
		return a, err
	}
	return b, nil
}

func (e AttributeEdit) rename(b *AttributeDef) error {
	to := strings.TrimSpace(e.Rename)
	if to == "" || to == b.Name {
		return nil
	}
	if !strings.EqualFold(to, b.Name) {
		b.Aliases = slices.DeleteFunc(b.Aliases, func(x string) bool { return strings.EqualFold(x, to) })
		b.Aliases = append(b.Aliases, b.Name)
	}
	b.Name = to
	return nil
}

func (e AttributeEdit) editAliases(b *AttributeDef) error {
	for _, r := range e.RemoveAliases {
		i := indexFold(b.Aliases, strings.TrimSpace(r))
		if i < 0 {
			return Invalid("%q is not an alias of attribute %q", r, b.Name)
		}
		b.Aliases = slices.Delete(b.Aliases, i, i+1)
	}
	for _, add := range e.AddAliases {
		add = strings.TrimSpace(add)
		if err := checkNewAlias(add); err != nil {
			return err
		}
		b.Aliases = append(b.Aliases, add)
	}
	return nil
}

func (e AttributeEdit) editOptions(b *AttributeDef) error {
	if b.Type != TypeOption && (len(e.RenameOptions)+len(e.RemoveOptions)+len(e.AddOptions) > 0) {
		return Invalid("only option attributes have options; %q is a %s attribute", b.Name, b.Type)
	}
	for _, r := range e.RenameOptions {
		i := indexFold(b.Options, strings.TrimSpace(r.Old))
		if i < 0 {
			return Invalid("%q is not an option of %q (options: %s)", r.Old, b.Name, strings.Join(b.Options, ", "))
		}
		to := strings.TrimSpace(r.New)
		if err := checkOption(to); err != nil {
			return err
		}
		if j := indexFold(b.Options, to); j >= 0 && j != i {
			return Invalid("option %q already exists; remove %q instead of renaming it", b.Options[j], r.Old)
		}
		b.NewOptions = slices.DeleteFunc(b.NewOptions, func(x string) bool { return strings.EqualFold(x, b.Options[i]) })
		b.Options[i] = to
	}
	for _, r := range e.RemoveOptions {
		i := indexFold(b.Options, strings.TrimSpace(r))
		if i < 0 {
			return Invalid("%q is not an option of %q (options: %s)", r, b.Name, strings.Join(b.Options, ", "))
		}
		b.NewOptions = slices.DeleteFunc(b.NewOptions, func(x string) bool { return strings.EqualFold(x, b.Options[i]) })
		b.Options = slices.Delete(b.Options, i, i+1)
	}
	for _, add := range e.AddOptions {
		add = strings.TrimSpace(add)
		if b.HasOption(add) {
			return Invalid("%q is already an option of %q", add, b.Name)
		}
		b.Options = append(b.Options, add)
	}
	return nil
}

// Rechecks reports whether the values stored under before must be
// checked against after (and converted): the type changed, or an option
// list that took any text now takes only its options.
func Rechecks(before, after AttributeDef) bool {
	return before.Type != after.Type ||
		after.Type == TypeOption && len(before.Options) == 0 && len(after.Options) > 0 && !after.Open
}

// ConvertValue converts v, a value of attribute from, to a value of
// attribute to, through its text: "2021-03-01" becomes a date, "42" a
// number, any value an option. A value that does not convert is EInvalid
// saying why; ok is false when v holds no value.
func ConvertValue(from, to AttributeDef, v AttributeValue) (out AttributeValue, ok bool, err error) {
	raw, has := v.Canonical(from.Type)
	if !has {
		return AttributeValue{}, false, nil
	}
	text := fmt.Sprint(raw)
	var next AttributeValue
	switch to.Type {
	case TypeOption:
		next.Text = text
	case TypeDate:
		next.Date = text
	case TypeNumber:
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return AttributeValue{}, false, Invalid("%q is not a whole number", text)
		}
		next.Number = n
	case TypeEmployee:
		next.Ref.Value = text
	}
	return to.Check(next)
}

// KindConfirm marks an EConflict error of an edit that would lose stored
// values: the same edit, confirmed, goes ahead. Its message says what
// would be lost.
const KindConfirm Kind = "confirm"

// NeedsConfirmation is the KindConfirm error of removing options that n
// employees hold.
func NeedsConfirmation(a AttributeDef, removed []string, n int) *Error {
	err := Conflict("removing %s from %q clears the value of %s: they will hold no %q value; confirm to remove it anyway",
		quotedList(removed), a.Name, employeesCount(n), a.Name)
	err.Kind = KindConfirm
	return err
}

func employeesCount(n int) string {
	if n == 1 {
		return "1 employee"
	}
	return strconv.Itoa(n) + " employees"
}

func quotedList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	if len(q) == 1 {
		return "option " + q[0]
	}
	return "options " + strings.Join(q, ", ")
}

// ConversionRefused is the EInvalid error of a type change that bad of
// total stored values do not survive; example is one of them with why.
func ConversionRefused(a AttributeDef, to AttributeType, bad, total int, example string) *Error {
	return Invalid("%d of %d values of %q do not convert to %s (e.g. %s); fix or clear them first, nothing was changed",
		bad, total, a.Name, to, example)
}

// AttributeEditResult is what an edit did.
type AttributeEditResult struct {
	// Attribute is the definition after the edit.
	Attribute AttributeDef
	// Renamed, Cleared and Converted count the employees whose value an
	// option rename rewrote, an option removal cleared, and a type change
	// (or a list that closed) converted; each changed employee's version
	// moved.
	Renamed, Cleared, Converted int
}

// Summary is the edit in one line for the activity log and messages:
// what changed in the definition and how many employees' values moved.
func (r AttributeEditResult) Summary(before AttributeDef, e AttributeEdit) string {
	a := r.Attribute
	var parts []string
	if a.Name != before.Name {
		parts = append(parts, fmt.Sprintf("renamed from %q (old name kept as alias)", before.Name))
	}
	if !slices.Equal(a.Aliases, before.Aliases) {
		parts = append(parts, "aliases now "+dashIfEmpty(strings.Join(a.Aliases, ", ")))
	}
	if a.Type != before.Type {
		parts = append(parts, fmt.Sprintf("type %s → %s (%s converted)", before.Type, a.Type, employeesCount(r.Converted)))
	} else if r.Converted > 0 {
		parts = append(parts, fmt.Sprintf("%s checked against the options", employeesCount(r.Converted)))
	}
	for _, o := range e.RenameOptions {
		parts = append(parts, fmt.Sprintf("option %q renamed to %q", o.Old, o.New))
	}
	if r.Renamed > 0 {
		parts = append(parts, employeesCount(r.Renamed)+" renamed")
	}
	if len(e.RemoveOptions) > 0 {
		parts = append(parts, fmt.Sprintf("removed %s (%s cleared)", quotedList(e.RemoveOptions), employeesCount(r.Cleared)))
	}
	if len(e.AddOptions) > 0 {
		parts = append(parts, "added "+quotedList(e.AddOptions))
	}
	if a.Open != before.Open {
		parts = append(parts, map[bool]string{true: "list now open", false: "list now closed"}[a.Open])
	}
	if len(before.NewOptions) > 0 && len(a.NewOptions) == 0 && e.AcknowledgeNew {
		parts = append(parts, "new options acknowledged")
	}
	if len(parts) == 0 {
		return fmt.Sprintf("attribute %q: no change", a.Name)
	}
	return fmt.Sprintf("attribute %q: %s", a.Name, strings.Join(parts, "; "))
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// FindAttribute returns the attribute whose id is ref, else whose name or
// alias folds equal to it (how the CLI names an attribute).
func FindAttribute(defs []AttributeDef, ref string) (AttributeDef, bool) {
	for _, d := range defs {
		if d.ID == ref {
			return d, true
		}
	}
	for _, d := range defs {
		if indexFold(d.Names(), ref) >= 0 {
			return d, true
		}
	}
	return AttributeDef{}, false
}

// AliasesEdit is the edit that turns a's aliases into want: those not
// wanted any more are removed, the others wanted are added (compared
// case-insensitively; a change of case is a removal and an addition).
func AliasesEdit(a AttributeDef, want []string) AttributeEdit {
	var e AttributeEdit
	for _, have := range a.Aliases {
		if !slices.Contains(want, have) {
			e.RemoveAliases = append(e.RemoveAliases, have)
		}
	}
	for _, w := range want {
		if !slices.Contains(a.Aliases, w) {
			e.AddAliases = append(e.AddAliases, w)
		}
	}
	return e
}
