-- §1.3 "Constraints and validations working": a cache entry with a negative hit count.
-- rejected by: backtest_cache_hit_count_check
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
INSERT INTO backtest_cache (cache_key, strategy_name, request, expires_at, hit_count)
VALUES (md5('probe-09'), 'MarketStructure', '{}', now() + interval '1 day', -1);
