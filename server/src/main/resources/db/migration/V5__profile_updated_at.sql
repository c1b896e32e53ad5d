-- When a profile last changed (ms; strictly increasing per user): a client that gets a pushed
-- profile and a fetched one in either order keeps the newer.
ALTER TABLE users ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
