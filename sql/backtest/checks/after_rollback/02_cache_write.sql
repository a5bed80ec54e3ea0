-- §4.1 Behaviour before the deploy, probed again after the restore: a cache write as the application made it before
-- 003 (a request hash and its result); stored before the deploy, it must be stored again after the restore.
-- probes after rollback: backtest_cache_pkey
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO backtest_cache (id, request_hash, result_json) VALUES (-2, md5('probe-after-rollback'), '{}');
