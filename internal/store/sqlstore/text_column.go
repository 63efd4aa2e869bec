package sqlstore

import "context"

// queryTexts reads the one text column of query's rows, in order.
func queryTexts(ctx context.Context, tx handle, query string, args ...any) ([]string, error) {
	var out []string
	err := tx.queryWith(ctx, func(rows Rows) error {
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	}, query, args...)
	return out, err
}
