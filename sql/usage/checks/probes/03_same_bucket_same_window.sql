-- Validation 3 behaviour probe: the same bucket twice from the same window collides (a re-run window is deduplicated).
-- rejected by: usage_events_dedupe_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO usage_events (id, account_id, event_type, bucket_start, quantity, window_start, window_end)
SELECT -q, id, 'probe', '2099-01-01 00:00+00', q, '2099-01-01 00:00+00', '2099-01-02 00:00+00'
FROM (SELECT min(id) AS id FROM accounts) a, (VALUES (1), (2)) v(q);
