-- expect: none
CREATE TYPE timeframe AS ENUM ('H1', 'D1');
-- migration
ALTER TYPE timeframe ADD VALUE IF NOT EXISTS 'W1';
CREATE TABLE forecasts (tf timeframe NOT NULL);
CREATE UNIQUE INDEX forecasts_tf_key ON forecasts (tf);
