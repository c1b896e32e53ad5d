-- Moderation and integration (portable across SQLite and PostgreSQL).

-- Tokens of a user issued at or before this second (JWT iat) are refused: "revoke all tokens".
ALTER TABLE users ADD COLUMN tokens_revoked_at BIGINT NOT NULL DEFAULT 0;

-- A ban refuses auth and login until until_ms (null: until lifted).
CREATE TABLE bans (
  name       VARCHAR(32)  PRIMARY KEY,
  until_ms   BIGINT,
  reason     VARCHAR(500),
  created_at BIGINT       NOT NULL
);

-- A mute refuses say in one room, or everywhere (room = '*'), until until_ms.
CREATE TABLE mutes (
  name     VARCHAR(32) NOT NULL,
  room     VARCHAR(64) NOT NULL,
  until_ms BIGINT      NOT NULL,
  PRIMARY KEY (name, room)
);

-- A deleted message keeps its seq (so the stream stays gapless) with its text removed.
ALTER TABLE messages ADD COLUMN deleted_by VARCHAR(32);

-- An idempotency key from the message's source (a Redis stream entry id, an HTTP Idempotency-Key):
-- a message delivered twice by its source is stored once.
ALTER TABLE messages ADD COLUMN source_key VARCHAR(200);
CREATE UNIQUE INDEX messages_source_key ON messages (conv, source_key);

CREATE TABLE audit (
  id     VARCHAR(36)  PRIMARY KEY,
  ts     BIGINT       NOT NULL,
  actor  VARCHAR(32)  NOT NULL,
  action VARCHAR(32)  NOT NULL,
  target VARCHAR(100) NOT NULL,
  detail TEXT         NOT NULL
);
CREATE INDEX audit_ts ON audit (ts);
