-- §3.5 ratio sanity, the document's own queries, with its "roughly near" made bounds:
-- ratio_4h_to_1h roughly 0.25: a 23-hour session falls in 6 or 7 UTC 4h buckets (6/23 = 0.26, 7/23 = 0.30).
SELECT (SELECT count(*)::numeric FROM mkt_futures_mes_4h)/NULLIF((SELECT count(*) FROM mkt_futures_mes_1h),0) AS ratio_4h_to_1h;
-- Expected: ratio_4h_to_1h >= 0.22
SELECT (SELECT count(*)::numeric FROM mkt_futures_mes_4h)/NULLIF((SELECT count(*) FROM mkt_futures_mes_1h),0) AS ratio_4h_to_1h;
-- Expected: ratio_4h_to_1h <= 0.30
-- ratio_1w_to_1d roughly 0.20: five trade dates a week; holiday weeks have four, which lifts it slightly.
SELECT (SELECT count(*)::numeric FROM mkt_futures_mes_1w)/NULLIF((SELECT count(*) FROM mkt_futures_mes_1d),0) AS ratio_1w_to_1d;
-- Expected: ratio_1w_to_1d >= 0.19
SELECT (SELECT count(*)::numeric FROM mkt_futures_mes_1w)/NULLIF((SELECT count(*) FROM mkt_futures_mes_1d),0) AS ratio_1w_to_1d;
-- Expected: ratio_1w_to_1d <= 0.22
