-- §1.3 "Constraints and validations working": a cache entry with no hits yet (hit_count >= 0 allows 0).
-- accepted
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
INSERT INTO backtest_cache (cache_key, strategy_name, request, expires_at, hit_count)
VALUES (md5('probe-36'), 'MarketStructure', '{}', now() + interval '1 hour', 0);
