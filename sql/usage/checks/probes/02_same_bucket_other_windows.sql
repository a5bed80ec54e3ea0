-- Validation 3 behaviour probe: the same bucket ingested by two different windows is two rows (the widened key).
-- accepted
-- probes: usage_events_dedupe_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO usage_events (id, account_id, event_type, bucket_start, quantity, window_start, window_end)
SELECT -row_number() OVER (), id, 'probe', '2099-01-01 00:00+00', 1, s, s + interval '1 day'
FROM (SELECT min(id) AS id FROM accounts) a, (VALUES (timestamptz '2099-01-01 00:00+00'), ('2099-01-02 00:00+00')) v(s);
