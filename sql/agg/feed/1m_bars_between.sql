-- 1m bars for the stand-in symbols over [runbook.feed_from, runbook.feed_to): deterministic prices
-- (a daily swing plus seeded noise), one bar every minute: the stand-in market trades around the clock,
-- so the runbooks' checks have fresh data whenever the suite runs. Idempotent.
-- runbook.feed_symbols (optional): a comma-separated subset of the symbols.
-- By hand:  SET runbook.feed_from = '2026-11-20 00:00+00'; SET runbook.feed_to = '2026-11-21 00:00+00';
INSERT INTO data_bars (canonical_symbol, timeframe, ts_utc, open, high, low, close, volume)
WITH symbols (symbol, base) AS (
    VALUES ('EURUSD', 1.08), ('DXY', 104.5), ('XAUUSD', 2650.0), ('GBPUSD', 1.27), ('USDJPY', 151.2)
),
minutes AS (
    SELECT s.symbol, s.base, ts,
           ('x' || substr(md5(s.symbol || extract(epoch FROM ts)::bigint), 1, 8))::bit(32)::int / 2147483648.0 AS u1,
           ('x' || substr(md5(s.symbol || extract(epoch FROM ts)::bigint + 60), 1, 8))::bit(32)::int / 2147483648.0 AS u2,
           ('x' || substr(md5('v' || s.symbol || extract(epoch FROM ts)::bigint), 1, 6))::bit(24)::int AS u_vol
    FROM symbols s,
         generate_series(current_setting('runbook.feed_from')::timestamptz,
                         current_setting('runbook.feed_to')::timestamptz - interval '1 minute', interval '1 minute') AS ts
    WHERE s.symbol = ANY (string_to_array(coalesce(nullif(current_setting('runbook.feed_symbols', true), ''),
                                                   'EURUSD,DXY,XAUUSD,GBPUSD,USDJPY'), ','))
),
prices AS (
    SELECT symbol, ts, u_vol,
           base * (1 + 0.004 * sin(2 * pi() * extract(epoch FROM ts) / 86400) + 0.0005 * u1) AS p_open,
           base * (1 + 0.004 * sin(2 * pi() * (extract(epoch FROM ts) + 60) / 86400) + 0.0005 * u2) AS p_close,
           abs(u1) AS r
    FROM minutes
)
SELECT symbol, '1m', ts,
       round(p_open::numeric, 6), round((greatest(p_open, p_close) * (1 + 0.0002 * r))::numeric, 6),
       round((least(p_open, p_close) * (1 - 0.0002 * r))::numeric, 6), round(p_close::numeric, 6), 100 + u_vol % 900
FROM prices
ON CONFLICT DO NOTHING;
