package httpapi

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"roster/internal/directory"
	"roster/internal/jsonstring"
	"roster/internal/scim/schema"
	"roster/internal/userdoc"
)

// A user written straight from its employee.
//
// A response's user was built as a document of maps (userdoc.Render) and
// the maps then written in the schema's order (encodeResource): some
// ninety allocations and 6 µs a user, a third of the server's CPU in
// Okta's import of pages of a thousand. Where the response projects
// nothing — every response but those with attributes or
// excludedAttributes — appendUser writes the same JSON, byte for byte
// (TestUserJSONMatchesTheDocument, FuzzUserJSON), from the employee's
// fields, walking the same schema in the same order.

// appendJSON writes e as v shows it.
func (v *userView) appendJSON(buf *bytes.Buffer, e *directory.Employee) error {
	var ent, company *schema.Schema
	for _, s := range v.rt.Extensions {
		switch s.ID {
		case schema.EnterpriseURN:
			ent = s
		case schema.CompanyURN:
			company = s
		}
	}
	if len(v.attributes) > 0 || len(v.excluded) > 0 || ent == nil || company == nil {
		return v.resource(e).appendJSON(buf)
	}
	v.appendUser(buf, e, ent, company)
	return nil
}

// appendUser writes e as encodeResource writes userdoc.Render's
// document of e: topKeys, the core attributes in schema order, the
// extensions in the resource type's order (ent and company, the type's
// own), then meta.
func (v *userView) appendUser(buf *bytes.Buffer, e *directory.Employee, ent, company *schema.Schema) {
	var entMembers, companyMembers [8]member
	entOf := enterpriseMembers(entMembers[:0], e, ent, v.base)
	companyOf := v.companyMembers(companyMembers[:0], e)
	o := openObject(buf)
	o.key("schemas")
	buf.WriteString(`["` + schema.UserURN + `"`)
	if len(entOf) > 0 {
		buf.WriteString(`,"` + schema.EnterpriseURN + `"`)
	}
	if len(companyOf) > 0 {
		buf.WriteString(`,"` + schema.CompanyURN + `"`)
	}
	buf.WriteByte(']')
	o.key("id")
	writeString(buf, e.ID)
	if e.ExternalID != "" {
		o.key("externalId")
		writeString(buf, e.ExternalID)
	}
	core := textPlan(v.rt.Core.Attributes, "", "")
	for i, a := range v.rt.Core.Attributes {
		switch {
		case topLevelSpecial(a.Name):
		case core[i] != nil:
			if t := *core[i](e); t != "" {
				o.key(a.Name)
				writeString(buf, t)
			}
		default:
			appendCore(&o, e, a)
		}
	}
	for _, s := range v.rt.Extensions {
		switch {
		case s == ent && len(entOf) > 0:
			o.key(s.ID)
			writeMembers(buf, entOf, s.Attributes)
		case s == company && len(companyOf) > 0:
			o.key(s.ID)
			writeMembers(buf, companyOf, s.Attributes)
		}
	}
	o.key(metaKey)
	meta := [...]member{
		{name: "resourceType", kind: memberText, text: "User"},
		{name: "created", kind: memberTime, time: e.Created},
		{name: "lastModified", kind: memberTime, time: e.LastModified},
		{name: "location", kind: memberLink, text: e.ID, base: v.base},
		{name: "version", kind: memberVersion, number: e.Version},
	}
	writeMembers(buf, meta[:], schema.MetaAttr.SubAttributes)
	o.close()
}

// appendCore writes e's core attribute a that is not a text, when e
// holds it.
func appendCore(o *jsonObject, e *directory.Employee, a *schema.Attribute) {
	switch a.Name {
	case "name":
		var members [8]member
		n := 0
		for i, get := range textPlan(a.SubAttributes, "", "name") {
			if get == nil || n == len(members) {
				continue
			}
			if t := *get(e); t != "" {
				members[n] = member{name: a.SubAttributes[i].Name, kind: memberText, text: t}
				n++
			}
		}
		if n > 0 {
			o.key(a.Name)
			writeMembers(o.buf, members[:n], a.SubAttributes)
		}
	case "active":
		o.key(a.Name)
		o.buf.WriteString(strconv.FormatBool(e.Active))
	case "emails":
		if len(e.Emails) > 0 {
			o.key(a.Name)
			writeList(o.buf, len(e.Emails), func(i int) {
				m := e.Emails[i]
				writeValued(o.buf, directory.MultiValue{Value: m.Value, Type: m.Type, Primary: m.Primary}, a.SubAttributes)
			})
		}
	case directory.AddressesAttribute:
		if len(e.Addresses) > 0 {
			o.key(a.Name)
			writeList(o.buf, len(e.Addresses), func(i int) { writeAddress(o.buf, &e.Addresses[i], a.SubAttributes) })
		}
	default:
		for _, l := range directory.ValueLists {
			if vs := *l.Get(e); l.Name == a.Name && len(vs) > 0 {
				o.key(a.Name)
				writeList(o.buf, len(vs), func(i int) { writeValued(o.buf, vs[i], a.SubAttributes) })
			}
		}
	}
}

// textPlans hold textPlan's answers: the core and enterprise schemas are
// Go values made once, so there are as few as their attribute lists.
var textPlans sync.Map // textPlanKey → []func(*directory.Employee) *string

type textPlanKey struct {
	first       **schema.Attribute // the list's first element: which list
	n           int
	urn, parent string
}

// textPlan is, for each of attrs (inside parent of the schema urn), the
// Employee text field Doc puts it in (userdoc.TextField), nil for those
// that are not one: looked up once, not twenty times a user.
func textPlan(attrs []*schema.Attribute, urn, parent string) []func(*directory.Employee) *string {
	if len(attrs) == 0 {
		return nil
	}
	key := textPlanKey{&attrs[0], len(attrs), urn, parent}
	if p, ok := textPlans.Load(key); ok {
		return p.([]func(*directory.Employee) *string)
	}
	p := make([]func(*directory.Employee) *string, len(attrs))
	for i, a := range attrs {
		p[i] = userdoc.TextField(urn, parent, a.Name)
	}
	textPlans.Store(key, p)
	return p
}

// writeList writes a list of n items, item i by item(i).
func writeList(buf *bytes.Buffer, n int, item func(i int)) {
	buf.WriteByte('[')
	for i := range n {
		if i > 0 {
			buf.WriteByte(',')
		}
		item(i)
	}
	buf.WriteByte(']')
}

// writeValued writes a value of a multi-valued attribute as Doc holds it:
// value and primary always, display and type when set.
func writeValued(buf *bytes.Buffer, mv directory.MultiValue, order []*schema.Attribute) {
	members := [4]member{{name: "value", kind: memberText, text: mv.Value}, {name: "primary", kind: memberFlag, flag: mv.Primary}}
	n := 2
	if mv.Display != "" {
		members[n] = member{name: "display", kind: memberText, text: mv.Display}
		n++
	}
	if mv.Type != "" {
		members[n] = member{name: "type", kind: memberText, text: mv.Type}
		n++
	}
	writeMembers(buf, members[:n], order)
}

// writeAddress writes an address as Doc holds it: its parts that are
// set, and primary.
func writeAddress(buf *bytes.Buffer, a *directory.Address, order []*schema.Attribute) {
	var members [10]member
	n := 0
	for _, sub := range order {
		if t, _ := userdoc.AddressPart(a, sub.Name); t != "" && n < len(members)-1 {
			members[n] = member{name: sub.Name, kind: memberText, text: t}
			n++
		}
	}
	members[n] = member{name: "primary", kind: memberFlag, flag: a.Primary}
	writeMembers(buf, members[:n+1], order)
}

// enterpriseMembers appends to members e's attributes of the enterprise
// extension s, as Doc and Render hold them: its texts that are set, and
// its manager (the $ref under base and the displayName once resolved).
func enterpriseMembers(members []member, e *directory.Employee, s *schema.Schema, base string) []member {
	for i, get := range textPlan(s.Attributes, schema.EnterpriseURN, "") {
		if get == nil {
			continue
		}
		if t := *get(e); t != "" {
			members = append(members, member{name: s.Attributes[i].Name, kind: memberText, text: t})
		}
	}
	if e.Manager.Value != "" {
		members = append(members, member{name: "manager", kind: memberManager, manager: e.Manager, base: base})
	}
	return members
}

// companyMembers appends to members e's attributes of the company's
// extension: the values of the view's attributes, and the references
// pending.
func (v *userView) companyMembers(members []member, e *directory.Employee) []member {
	for _, d := range v.defs {
		if value, ok := e.CanonicalAttribute(d); ok {
			members = append(members, member{name: d.Name, kind: memberValue, value: value})
		}
	}
	if pending := e.PendingReferences(v.defs); len(pending) > 0 {
		members = append(members, member{name: "pendingReferences", kind: memberPending, pending: pending})
	}
	return members
}

// memberKind is what a member's value is.
type memberKind uint8

const (
	memberText    memberKind = iota // text
	memberFlag                      // flag
	memberValue                     // value: a text or a number, as encodeScalar writes it
	memberTime                      // time, in RFC 3339 as Render formats it
	memberLink                      // base + "/Users/" + text
	memberVersion                   // the entity tag of version number
	memberManager                   // manager, an object
	memberPending                   // pending, a list of objects
)

// member is one key of an object and its value.
type member struct {
	name    string
	kind    memberKind
	text    string
	flag    bool
	value   any
	time    time.Time
	base    string
	number  int64
	manager directory.Reference
	pending []directory.PendingReference
}

// writeMembers writes members as an object, as encodeObject writes a
// map of them: in the order of attrs, then the keys attrs does not name,
// by name.
func writeMembers(buf *bytes.Buffer, members []member, attrs []*schema.Attribute) {
	o := openObject(buf)
	placed, next := 0, 0 // members mostly follow attrs: looked at first
	var seen [32]bool
	written := seen[:0]
	if len(members) > len(seen) {
		written = make([]bool, len(members))
	} else {
		written = seen[:len(members)]
	}
	for _, a := range attrs {
		i := next
		if i >= len(members) || members[i].name != a.Name {
			if i = slices.IndexFunc(members, func(m member) bool { return m.name == a.Name }); i < 0 {
				continue
			}
		}
		if !written[i] {
			o.member(&members[i], a.SubAttributes)
			written[i] = true
			placed++
		}
		next = i + 1
	}
	if placed < len(members) {
		// Indexes, not pointers: a pointer into members would move them
		// (arrays on the callers' stacks) to the heap.
		rest := make([]int, 0, len(members)-placed)
		for i := range members {
			if !written[i] {
				rest = append(rest, i)
			}
		}
		slices.SortStableFunc(rest, func(i, j int) int { return strings.Compare(members[i].name, members[j].name) })
		for _, i := range rest {
			o.member(&members[i], nil)
		}
	}
	o.close()
}

// jsonObject writes an object's keys one after another (objectWriter's
// too).
type jsonObject struct {
	buf     *bytes.Buffer
	written int
}

func openObject(buf *bytes.Buffer) jsonObject {
	buf.WriteByte('{')
	return jsonObject{buf: buf}
}

// key writes the next key and its colon; its value follows.
func (o *jsonObject) key(k string) {
	if o.written > 0 {
		o.buf.WriteByte(',')
	}
	o.written++
	writeString(o.buf, k)
	o.buf.WriteByte(':')
}

func (o *jsonObject) close() { o.buf.WriteByte('}') }

// member writes m; an object of it ordered by sub.
func (o *jsonObject) member(m *member, sub []*schema.Attribute) {
	o.key(m.name)
	buf := o.buf
	switch m.kind {
	case memberText:
		writeString(buf, m.text)
	case memberFlag:
		buf.WriteString(strconv.FormatBool(m.flag))
	case memberValue:
		_ = encodeScalar(buf, m.value) // a text or an int64: cannot fail
	case memberTime:
		// RFC 3339: digits, dashes, colons, T, Z and a dot, all plain.
		var b [40]byte
		buf.WriteByte('"')
		buf.Write(m.time.UTC().AppendFormat(b[:0], time.RFC3339Nano))
		buf.WriteByte('"')
	case memberLink:
		writeLink(buf, m.base, m.text)
	case memberVersion:
		// userdoc.ETag, W/"n", its quotes escaped as encoding/json does.
		buf.WriteString(`"W/\"`)
		buf.WriteString(strconv.FormatInt(m.number, 10))
		buf.WriteString(`\""`)
	case memberManager:
		members := [3]member{{name: "value", kind: memberText, text: m.manager.Value}}
		n := 1
		if m.manager.TargetID != "" {
			members[n] = member{name: "$ref", kind: memberLink, text: m.manager.TargetID, base: m.base}
			n++
			if m.manager.TargetName != "" {
				members[n] = member{name: "displayName", kind: memberText, text: m.manager.TargetName}
				n++
			}
		}
		writeMembers(buf, members[:n], sub)
	case memberPending:
		writeList(buf, len(m.pending), func(i int) {
			p := m.pending[i]
			item := [2]member{{name: "attribute", kind: memberText, text: p.Attribute}, {name: "value", kind: memberText, text: p.Value}}
			writeMembers(buf, item[:], sub)
		})
	}
}

// writeLink writes the URL of employee id under base.
func writeLink(buf *bytes.Buffer, base, id string) {
	if !jsonstring.Plain(base) || !jsonstring.Plain(id) {
		writeString(buf, base+"/Users/"+id)
		return
	}
	buf.WriteByte('"')
	buf.WriteString(base)
	buf.WriteString("/Users/")
	buf.WriteString(id)
	buf.WriteByte('"')
}
