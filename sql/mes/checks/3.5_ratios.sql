-- Runbook §3.5 ratio sanity, exactly as the runbook writes it.
SELECT (SELECT count(*)::numeric FROM mkt_futures_mes_4h) / NULLIF((SELECT count(*) FROM mkt_futures_mes_1h), 0) AS ratio_4h_to_1h,
       (SELECT count(*)::numeric FROM mkt_futures_mes_1w) / NULLIF((SELECT count(*) FROM mkt_futures_mes_1d), 0) AS ratio_1w_to_1d;
