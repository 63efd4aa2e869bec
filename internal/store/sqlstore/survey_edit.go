package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// UpdateSurveyRound edits an upcoming round (directory.SurveyStore).
// The round's row is locked for the transaction (FOR UPDATE on
// PostgreSQL; SQLite's write transactions are serialised), so an edit
// and a freeze of the same round are ordered: the edit sees the round
// frozen and refuses, or the freeze sees the round moved and leaves it
// (freezeOne claims a round only at the opening it read).
func (s *Store) UpdateSurveyRound(ctx context.Context, companyID, id string, fn func(*directory.SurveyRound) error) (directory.SurveyRound, error) {
	if !directory.StorableText(id) {
		return directory.SurveyRound{}, directory.NotFound("survey round %q not found", id)
	}
	err := s.write(ctx, func(tx handle) error {
		old, err := scanRound(tx.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM survey_rounds r WHERE company_id = ? AND id = ?`+s.d.ForUpdate("r"),
			companyID, id))
		if isNoRows(err) {
			return directory.NotFound("survey round %q not found", id)
		}
		if err != nil {
			return err
		}
		now := s.clock()
		if err := old.Editable(now); err != nil {
			return err
		}
		r := old
		if err := fn(&r); err != nil {
			return err
		}
		// Whatever fn did, the store keeps what it owns.
		r.ID, r.CompanyID, r.ScheduleID, r.Cancelled, r.Frozen, r.Change = old.ID, old.CompanyID, old.ScheduleID, old.Cancelled, old.Frozen, old.Change
		if err := r.ValidateEdit(now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE survey_rounds SET name = ?, opens_us = ?, closes_us = ? WHERE id = ?`,
			r.Name, micros(r.OpensAt), micros(r.ClosesAt), r.ID)
		if s.d.IsUniqueViolation(err) {
			return directory.Conflict("another round of the same schedule opens at %s", r.OpensAt.UTC().Format(time.RFC3339))
		}
		return err
	})
	if err != nil {
		return directory.SurveyRound{}, s.wrap("update survey round", err)
	}
	return s.SurveyRound(ctx, companyID, id)
}
