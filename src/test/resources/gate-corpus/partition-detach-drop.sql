-- expect: drop-table
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, payload text) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
ALTER TABLE events DETACH PARTITION events_2025;
DROP TABLE events_2025;
