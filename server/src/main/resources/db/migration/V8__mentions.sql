-- Mentions (portable across SQLite and PostgreSQL): the users a room message mentions, on the
-- message for reading it back, and one row each for counting a user's mentions by an index.
ALTER TABLE messages ADD COLUMN mentions TEXT;

CREATE TABLE mentions (
  name VARCHAR(32) NOT NULL,
  conv VARCHAR(80) NOT NULL,
  seq  BIGINT      NOT NULL,
  PRIMARY KEY (name, conv, seq)
);
