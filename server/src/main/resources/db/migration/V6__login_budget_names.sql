-- Budget buckets are now also named per user and client address ("fail:<user>@<address>", up to
-- 5 + 32 + 1 + 64 characters), which V4's VARCHAR(80) does not hold. The buckets only count recent
-- attempts, so they are dropped rather than copied: every budget starts full once. (SQLite cannot
-- alter a column's type; dropping and creating is portable.)
DROP TABLE login_budgets;
CREATE TABLE login_budgets (
  bucket VARCHAR(200)     PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  at_ms  BIGINT           NOT NULL
);
CREATE INDEX login_budgets_at ON login_budgets (at_ms);
