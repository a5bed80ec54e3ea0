-- psql's output pasted under the query, but with no "Expected:" line: the suite cannot tell it is an expectation.
SELECT 2 AS two;
--  two
-- -----
--    1
-- (1 row)
