-- §1.3 "Constraints and validations working": a cache entry that expires before it is created.
-- rejected by: backtest_cache_expiry_check
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
INSERT INTO backtest_cache (cache_key, strategy_name, request, expires_at)
VALUES (md5('probe-10'), 'MarketStructure', '{}', now() - interval '1 second');
