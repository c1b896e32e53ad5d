-- Portable across SQLite and PostgreSQL: the same statements run on both.

CREATE TABLE users (
  name          VARCHAR(32)  PRIMARY KEY,
  password_hash VARCHAR(512),             -- null: known only from an external token
  roles         VARCHAR(200) NOT NULL DEFAULT '',
  display_name  VARCHAR(256),
  bio           TEXT         NOT NULL DEFAULT '',
  avatar_color  VARCHAR(7),
  status_text   VARCHAR(512) NOT NULL DEFAULT '',
  created_at    BIGINT       NOT NULL
);

-- One row per room ("r:<room>") and DM conversation ("d:<a>:<b>"): the last seq handed out.
CREATE TABLE conversations (
  id       VARCHAR(80) PRIMARY KEY,
  last_seq BIGINT      NOT NULL
);

CREATE TABLE messages (
  conv      VARCHAR(80) NOT NULL,
  seq       BIGINT      NOT NULL,
  sender    VARCHAR(32) NOT NULL,
  recipient VARCHAR(32),
  text      TEXT        NOT NULL,
  ts        BIGINT      NOT NULL,
  PRIMARY KEY (conv, seq)
);
