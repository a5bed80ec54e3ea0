-- Behaviour before 0003, probed again after its rollback: two buckets of the same account and event type are two rows
-- (the application's normal write). Stored before 0003; after the rollback it must be again.
-- probes after rollback: usage_events_dedupe_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO usage_events (id, account_id, event_type, bucket_start, quantity)
SELECT -row_number() OVER (), id, 'probe', b, 1 FROM (SELECT min(id) AS id FROM accounts) a, (VALUES (timestamptz '2099-01-01 00:00+00'), ('2099-01-01 01:00+00')) v(b);
