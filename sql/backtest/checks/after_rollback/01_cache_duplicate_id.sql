-- §4.1 Behaviour before the deploy, probed again after the restore: two cache rows with one id (the primary key the
-- store had before 003). Refused by backtest_cache_pkey before the deploy; after the restore it must be again.
-- probes after rollback: backtest_cache_pkey
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO backtest_cache (id, request_hash, result_json) VALUES (-1, 'probe', '{}'), (-1, 'probe', '{}');
