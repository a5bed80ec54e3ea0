-- expect: none
-- recipe for: enum-in-transaction
CREATE TYPE timeframe AS ENUM ('H1', 'D1');
-- migration
ALTER TYPE timeframe ADD VALUE IF NOT EXISTS 'W1';
