-- §1.3 "Constraints and validations working": two cache entries under one cache key.
-- rejected by: backtest_cache_pkey
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
INSERT INTO backtest_cache (cache_key, strategy_name, request, expires_at)
VALUES (md5('probe-11'), 'MarketStructure', '{}', now() + interval '1 day'), (md5('probe-11'), 'MarketStructure', '{}', now() + interval '1 day');
