-- A check the suite reads: the expected value under the query.
SELECT 1 AS one;
-- Expected: 1
