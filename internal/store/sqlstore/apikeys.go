package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// CreateAPIKey stores k with its companies, filling in Created when it is
// zero.
func (s *Store) CreateAPIKey(ctx context.Context, k *directory.APIKey) error {
	if k.ID == "" {
		return s.wrap("create API key", directory.Invalid("API key id is required"))
	}
	if err := k.Validate(); err != nil {
		return s.wrap("create API key", err)
	}
	created := k.Created.UTC().Truncate(time.Microsecond)
	if k.Created.IsZero() {
		created = s.clock()
	}
	err := s.write(ctx, func(tx handle) error {
		for _, c := range k.Companies {
			if err := s.companyExists(ctx, tx, c); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO api_keys (id, label, key_hash, created_us, last_used_us, revoked_us)
			VALUES (?, ?, ?, ?, ?, ?)`, k.ID, k.Label, k.Hash, micros(created), nullMicros(k.LastUsed), nullMicros(k.RevokedAt))
		if s.d.IsUniqueViolation(err) {
			return directory.Conflict("an API key with this id or key already exists")
		}
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, c := range k.Companies {
			if seen[c] {
				continue
			}
			seen[c] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO api_key_companies (key_id, company_id) VALUES (?, ?)`, k.ID, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return s.wrap("create API key", err)
	}
	k.Created = created
	return nil
}

const apiKeyColumns = `id, label, key_hash, created_us, last_used_us, revoked_us`

// loadAPIKeys runs query (apiKeyColumns) and fills in each key's
// companies.
func (s *Store) loadAPIKeys(ctx context.Context, query string, args ...any) ([]directory.APIKey, error) {
	var out []directory.APIKey
	err := s.read(ctx, func(tx handle) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k directory.APIKey
			var created int64
			if err := rows.Scan(&k.ID, &k.Label, &k.Hash, &created, nullTime{&k.LastUsed}, nullTime{&k.RevokedAt}); err != nil {
				return err
			}
			k.Created = fromMicros(created)
			out = append(out, k)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for i := range out {
			if out[i].Companies, err = apiKeyCompanies(ctx, tx, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func apiKeyCompanies(ctx context.Context, tx handle, keyID string) ([]string, error) {
	return queryTexts(ctx, tx, `SELECT company_id FROM api_key_companies WHERE key_id = ? ORDER BY company_id`, keyID)
}

// APIKeyByHash returns the key with the hash, revoked or not.
func (s *Store) APIKeyByHash(ctx context.Context, hash []byte) (directory.APIKey, error) {
	keys, err := s.loadAPIKeys(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE key_hash = ?`, hash)
	if err == nil && len(keys) == 0 {
		err = directory.NotFound("no API key has this hash")
	}
	if err != nil {
		return directory.APIKey{}, s.wrap("API key by hash", err)
	}
	return keys[0], nil
}

// APIKeys returns every key, oldest first.
func (s *Store) APIKeys(ctx context.Context) ([]directory.APIKey, error) {
	keys, err := s.loadAPIKeys(ctx, `SELECT `+apiKeyColumns+` FROM api_keys ORDER BY created_us, id`)
	return keys, s.wrap("API keys", err)
}

// RevokeAPIKey makes the key stop working at at.
func (s *Store) RevokeAPIKey(ctx context.Context, id string, at time.Time) error {
	if at.IsZero() {
		return s.wrap("revoke API key", directory.Invalid("a revocation time is required"))
	}
	err := s.write(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_us = ? WHERE id = ?`, micros(at), id)
		return notFoundIfNone(res, err, "API key %q not found", id)
	})
	return s.wrap("revoke API key", err)
}

// RecordAPIKeyUse moves LastUsed forward to at (never backward:
// concurrent requests may record out of order).
func (s *Store) RecordAPIKeyUse(ctx context.Context, id string, at time.Time) error {
	us := micros(at)
	err := s.write(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_keys SET
			last_used_us = CASE WHEN last_used_us IS NULL OR last_used_us < ? THEN ? ELSE last_used_us END
			WHERE id = ?`, us, us, id)
		return notFoundIfNone(res, err, "API key %q not found", id)
	})
	return s.wrap("record API key use", err)
}
