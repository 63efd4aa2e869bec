-- An employee's id is unique across companies (the UNIQUE constraint that
-- the details' foreign keys reference), so the index of (company_id, id)
-- duplicated it: a lookup by company and id finds its one row through the
-- id's own index. One index fewer for every insert to update, and fewer
-- pages for every commit to write.
DROP INDEX employees_company_id;
