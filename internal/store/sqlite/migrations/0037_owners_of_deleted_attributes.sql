-- Deleting a company attribute left its owner behind (an owner row naming
-- "attribute:<id>" of no attribute), shown as "(deleted attribute)" on
-- the Owners page. The delete now removes it; this removes those left
-- by earlier builds.
DELETE FROM attribute_owners
WHERE attribute LIKE 'attribute:%'
  AND NOT EXISTS (SELECT 1 FROM attribute_defs d WHERE 'attribute:' || d.id = attribute_owners.attribute);
