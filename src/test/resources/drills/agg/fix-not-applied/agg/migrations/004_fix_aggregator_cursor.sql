-- DRILL DEFECT: the wrong file was deployed: it runs cleanly and changes nothing.
BEGIN;
SELECT 1;
COMMIT;
