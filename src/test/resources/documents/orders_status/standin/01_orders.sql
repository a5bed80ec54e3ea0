CREATE TABLE orders (
    id           bigserial PRIMARY KEY,
    customer_id  bigint      NOT NULL,
    total_cents  bigint      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    shipped_at   timestamptz,
    cancelled_at timestamptz
);

INSERT INTO orders (customer_id, total_cents, created_at, shipped_at, cancelled_at)
SELECT 1 + g % 300,
       500 + (g * 37) % 20000,
       timestamptz '2026-01-01' + g * interval '7 minutes',
       CASE WHEN g % 3 = 0 THEN timestamptz '2026-01-01' + g * interval '7 minutes' + interval '2 days' END,
       CASE WHEN g % 10 = 0 THEN timestamptz '2026-01-01' + g * interval '7 minutes' + interval '1 hour' END
FROM generate_series(1, 4500) AS g;
ANALYZE orders;
