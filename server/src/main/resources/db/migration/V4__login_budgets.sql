-- Login attempt budgets, one token bucket per client address ("ip:...") and per user ("user:..."),
-- in the store so that every node of a cluster spends from the same ones.
CREATE TABLE login_budgets (
  bucket VARCHAR(80)      PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  at_ms  BIGINT           NOT NULL
);
CREATE INDEX login_budgets_at ON login_budgets (at_ms);
