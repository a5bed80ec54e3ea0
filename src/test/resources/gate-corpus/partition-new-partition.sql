-- expect: none
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, payload text) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
CREATE TABLE events_2027 (LIKE events INCLUDING DEFAULTS);
ALTER TABLE events ATTACH PARTITION events_2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
