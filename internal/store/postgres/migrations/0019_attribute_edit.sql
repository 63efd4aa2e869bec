-- Attribute definitions that can change (issue 12): an option list can be
-- open (unknown values are added to it), and the options it added on its
-- own stay marked new until an administrator acknowledges them.
ALTER TABLE attribute_defs ADD COLUMN open_list BOOLEAN NOT NULL DEFAULT FALSE;
-- JSON array of the options an open list added and no administrator has
-- acknowledged yet; NULL when none.
ALTER TABLE attribute_defs ADD COLUMN new_options TEXT COLLATE "C";
