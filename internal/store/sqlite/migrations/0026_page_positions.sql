-- PostgreSQL's 0026 shares page positions between roster instances; a
-- SQLite database has one server, which keeps them in memory.
SELECT 1;
