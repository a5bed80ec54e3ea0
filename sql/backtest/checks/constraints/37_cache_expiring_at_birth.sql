-- §1.3 "Constraints and validations working": a cache entry that expires the moment it is created (expires_at > created_at: equal is rejected).
-- rejected by: backtest_cache_expiry_check
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
INSERT INTO backtest_cache (cache_key, strategy_name, request, created_at, expires_at)
VALUES (md5('probe-37'), 'MarketStructure', '{}', now(), now());
