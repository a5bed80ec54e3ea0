-- expect: enum-in-transaction
CREATE TYPE timeframe AS ENUM ('H1', 'D1');
CREATE TABLE jobs (tf timeframe);
-- migration
ALTER TYPE timeframe ADD VALUE 'W1';
INSERT INTO jobs VALUES ('W1');
