-- Behaviour before 0003, probed again after its rollback (only pre-0003 columns): the same account, event type and
-- bucket twice. Before 0003 usage_events_dedupe_key refuses it; after the rollback it must again.
-- probes after rollback: usage_events_dedupe_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO usage_events (id, account_id, event_type, bucket_start, quantity)
SELECT -q, id, 'probe', '2099-01-01 00:00+00', q FROM (SELECT min(id) AS id FROM accounts) a, (VALUES (1), (2)) v(q);
