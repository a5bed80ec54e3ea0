-- Validation 3 behaviour probe: two rows of the same account, event type and bucket, neither with a window, still
-- collide after 0003 (NULLS NOT DISTINCT: "two rows of the same bucket without a window still collide, exactly as before").
-- rejected by: usage_events_dedupe_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO usage_events (id, account_id, event_type, bucket_start, quantity)
SELECT -q, id, 'probe', '2099-01-01 00:00+00', q FROM (SELECT min(id) AS id FROM accounts) a, (VALUES (1), (2)) v(q);
