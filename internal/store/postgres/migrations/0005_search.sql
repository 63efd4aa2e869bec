-- The console's search box (directory.EmployeeQuery.Search): every word
-- must occur in the userName, given or family name or an email value.
-- search_fold holds those parts folded and joined by a line feed
-- (sqlstore.SearchFold, written on every employee write), so that a word
-- is one LIKE on one column instead of four ORed LIKEs and an emails
-- subquery. The port of sqlite/0005_search.sql, without its indexes: a
-- B-tree entry is limited to about 2.7 kB, which a search_fold (names of
-- any length, any number of emails) may exceed, and the trigram index
-- needs the pg_trgm extension, which Open creates when it can (see the
-- package documentation).
ALTER TABLE employees ADD COLUMN search_fold TEXT COLLATE "C" NOT NULL DEFAULT '';

-- The *_fold columns hold Fold of each part, and Fold maps rune by rune:
-- joining them gives the text sqlstore.SearchFold computes.
UPDATE employees SET search_fold = user_name_fold
	|| E'\n' || COALESCE(given_name_fold, '')
	|| E'\n' || COALESCE(family_name_fold, '')
	|| COALESCE((SELECT string_agg(E'\n' || m.value_fold, '' ORDER BY m.position)
		FROM employee_emails m WHERE m.employee_id = employees.id), '');
