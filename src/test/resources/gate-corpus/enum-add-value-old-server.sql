-- expect: enum-in-transaction
CREATE TYPE timeframe AS ENUM ('H1', 'D1');
-- target-version: 110000
-- migration
ALTER TYPE timeframe ADD VALUE 'W1';
CREATE TABLE forecasts (tf timeframe NOT NULL);
