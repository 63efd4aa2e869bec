package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"roster/internal/directory"
)

// EditAttribute applies an administrator's edit to an attribute and its
// consequences for stored values in one transaction (see
// directory.AttributeStore). It locks the company first, as employee
// writes do, so that no employee write runs against half an edit.
func (s *Store) EditAttribute(ctx context.Context, companyID, id string, edit directory.AttributeEdit) (directory.AttributeEditResult, error) {
	var res directory.AttributeEditResult
	err := s.writeOwnGroup(ctx, func(tx handle) error {
		if err := s.lockCompany(ctx, tx, companyID); err != nil {
			return err
		}
		before, err := s.loadAttribute(ctx, tx, companyID, id)
		if err != nil {
			return err
		}
		after, err := edit.Apply(before)
		if err != nil {
			return err
		}
		if err := s.checkNames(ctx, tx, &after); err != nil {
			return err
		}
		now := s.clock()
		ed := attributeEditor{s: s, tx: tx, before: before, after: after, now: now}
		if res.Renamed, err = ed.renameOptions(ctx, edit.RenameOptions); err != nil {
			return err
		}
		if res.Cleared, err = ed.removeOptions(ctx, edit.RemoveOptions, edit.Confirmed); err != nil {
			return err
		}
		if directory.Rechecks(before, after) {
			if res.Converted, err = ed.convert(ctx); err != nil {
				return err
			}
		}
		if err := s.saveAttribute(ctx, tx, &after); err != nil {
			return err
		}
		res.Attribute = after
		return nil
	})
	if err != nil {
		return directory.AttributeEditResult{}, s.wrap("edit attribute", err)
	}
	s.checkStranded(ctx, companyID) // test binaries only (stranded_check.go)
	return res, nil
}

// saveAttribute stores a's definition and names over the stored ones.
func (s *Store) saveAttribute(ctx context.Context, tx handle, a *directory.AttributeDef) error {
	options, newOptions, err := optionColumns(a)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE attribute_defs SET name = ?, type = ?, options = ?, open_list = ?, new_options = ? WHERE id = ?`,
		a.Name, string(a.Type), options, a.Open, newOptions, a.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM attribute_names WHERE attribute_id = ?`, a.ID); err != nil {
		return err
	}
	return s.writeNames(ctx, tx, a, 0)
}

// attributeEditor changes the stored values of one attribute edit.
type attributeEditor struct {
	s             *Store
	tx            handle
	before, after directory.AttributeDef
	now           time.Time
}

// holders returns the employees holding one of the option values, by
// fold.
func (ed attributeEditor) holders(ctx context.Context, options []string) (map[string]bool, error) {
	ids := map[string]bool{}
	for _, o := range options {
		holders, err := queryTexts(ctx, ed.tx, `SELECT employee_id FROM employee_attribute_values WHERE attribute_id = ? AND text_fold = ?`,
			ed.before.ID, Fold(strings.TrimSpace(o)))
		if err != nil {
			return nil, err
		}
		for _, id := range holders {
			ids[id] = true
		}
	}
	return ids, nil
}

// renameOptions rewrites the values holding a renamed option (whatever
// their case) to the new option, and returns how many employees changed.
func (ed attributeEditor) renameOptions(ctx context.Context, renames []directory.OptionRename) (int, error) {
	changed := map[string]bool{}
	for _, r := range renames {
		ids, err := ed.holders(ctx, []string{r.Old})
		if err != nil {
			return 0, err
		}
		to := strings.TrimSpace(r.New)
		if _, err := ed.tx.ExecContext(ctx, `UPDATE employee_attribute_values SET text_value = ?, text_fold = ? WHERE attribute_id = ? AND text_fold = ?`,
			to, Fold(to), ed.before.ID, Fold(strings.TrimSpace(r.Old))); err != nil {
			return 0, err
		}
		for id := range ids {
			changed[id] = true
		}
	}
	return len(changed), ed.s.touch(ctx, ed.tx, ed.before.CompanyID, changed, ed.now)
}

// removeOptions clears the values holding a removed option, refusing
// unless confirmed when any employee holds one.
func (ed attributeEditor) removeOptions(ctx context.Context, removed []string, confirmed bool) (int, error) {
	if len(removed) == 0 {
		return 0, nil
	}
	ids, err := ed.holders(ctx, removed)
	if err != nil {
		return 0, err
	}
	if len(ids) > 0 && !confirmed {
		return 0, directory.NeedsConfirmation(ed.before, removed, len(ids))
	}
	for _, o := range removed {
		if _, err := ed.tx.ExecContext(ctx, `DELETE FROM employee_attribute_values WHERE attribute_id = ? AND text_fold = ?`,
			ed.before.ID, Fold(strings.TrimSpace(o))); err != nil {
			return 0, err
		}
	}
	return len(ids), ed.s.touch(ctx, ed.tx, ed.before.CompanyID, ids, ed.now)
}

// storedValue is one employee's stored value of the attribute.
type storedValue struct {
	employeeID string
	value      directory.AttributeValue
}

// values reads every stored value of the attribute.
func (ed attributeEditor) values(ctx context.Context) ([]storedValue, error) {
	rows, err := ed.tx.QueryContext(ctx, `SELECT employee_id, text_value, number_value, date_value, ref_value
		FROM employee_attribute_values WHERE attribute_id = ? ORDER BY employee_id`, ed.before.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedValue
	for rows.Next() {
		var v storedValue
		var number sql.NullInt64
		if err := rows.Scan(&v.employeeID, nullString{&v.value.Text}, &number, nullString{&v.value.Date}, nullString{&v.value.Ref.Value}); err != nil {
			return nil, err
		}
		v.value.Number = number.Int64
		out = append(out, v)
	}
	return out, rows.Err()
}

// convert checks every stored value against the new definition and,
// when all convert, rewrites them; else it refuses, counting the values
// that do not and showing one.
func (ed attributeEditor) convert(ctx context.Context) (int, error) {
	list, err := ed.values(ctx)
	if err != nil {
		return 0, err
	}
	converted := make([]directory.AttributeValue, len(list))
	bad, example := 0, ""
	for i, v := range list {
		out, ok, err := directory.ConvertValue(ed.before, ed.after, v.value)
		if err == nil && !ok {
			err = directory.Invalid("no value")
		}
		if err != nil {
			if bad == 0 {
				raw, _ := v.value.Canonical(ed.before.Type)
				example = fmt.Sprintf("%q of employee %s: %s", fmt.Sprint(raw), v.employeeID, messageOf(err))
			}
			bad++
			continue
		}
		converted[i] = out
	}
	if bad > 0 {
		return 0, directory.ConversionRefused(ed.before, ed.after.Type, bad, len(list), example)
	}
	changed := map[string]bool{}
	for i, v := range list {
		c := valueColumnsOf(ed.after.Type, converted[i])
		if _, err := ed.tx.ExecContext(ctx, `UPDATE employee_attribute_values SET text_value = ?, text_fold = ?, number_value = ?, date_value = ?,
			ref_value = ?, ref_fold = ?, ref_target_id = ? WHERE employee_id = ? AND attribute_id = ?`,
			c.text, c.textFold, c.number, c.date, c.ref, c.refFold, c.target, v.employeeID, ed.before.ID); err != nil {
			return 0, err
		}
		if ed.before.Type != ed.after.Type {
			changed[v.employeeID] = true
		}
	}
	return len(list), ed.s.touch(ctx, ed.tx, ed.before.CompanyID, changed, ed.now)
}

// AttributeSenders lists the connections whose writes changed a value of
// the attribute since the time, from the activity log: a write's entry
// names a company attribute in its diff by id (directory.CompanyAttribute),
// which survives renames. A scan of the company's entries since then.
func (s *Store) AttributeSenders(ctx context.Context, companyID, id string, since time.Time) ([]directory.AttributeSender, error) {
	var out []directory.AttributeSender
	err := s.read(ctx, func(tx handle) error {
		if _, err := s.loadAttribute(ctx, tx, companyID, id); err != nil {
			return err
		}
		// Ids are UUIDs: no LIKE wildcards to escape.
		rows, err := tx.QueryContext(ctx, `SELECT connection_id, COUNT(*), MAX(at_us) FROM activity_log
			WHERE company_id = ? AND at_us >= ? AND connection_id IS NOT NULL AND changes LIKE ?
			GROUP BY connection_id ORDER BY MAX(at_us) DESC, connection_id`,
			companyID, micros(since), `%"`+directory.CompanyAttribute(id)+`"%`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a directory.AttributeSender
			var last int64
			if err := rows.Scan(&a.ConnectionID, &a.Writes, &last); err != nil {
				return err
			}
			a.Last = fromMicros(last)
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, s.wrap("attribute senders", err)
	}
	return out, nil
}

// messageOf is a domain error's message without its code.
func messageOf(err error) string {
	var de *directory.Error
	if errors.As(err, &de) {
		return de.Message
	}
	return err.Error()
}
