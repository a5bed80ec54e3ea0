-- Validation 3 behaviour probe: a row with a window beside an earlier row of the same bucket without one is stored
-- (the window's first ingestion after 0003 does not collide with the rows ingested before it).
-- accepted
-- probes: usage_events_dedupe_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO usage_events (id, account_id, event_type, bucket_start, quantity, window_start, window_end)
SELECT -row_number() OVER (), id, 'probe', '2099-01-01 00:00+00', 1, s, s + interval '1 day'
FROM (SELECT min(id) AS id FROM accounts) a, (VALUES (NULL::timestamptz), ('2099-01-01 00:00+00')) v(s);
