-- Edits, deletions and reactions (portable across SQLite and PostgreSQL). Each stored change takes
-- its conversation's next rev, counted on the conversation's row like seq, so both streams are
-- gapless; the changes table is that stream, read by a client that resumes.
ALTER TABLE conversations ADD COLUMN last_rev BIGINT NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN edited_at BIGINT;

-- kind: edit (text, edited_at), delete, react (emoji, reacted 1/0, reaction_count after it).
CREATE TABLE changes (
  conv           VARCHAR(80) NOT NULL,
  rev            BIGINT      NOT NULL,
  seq            BIGINT      NOT NULL,
  kind           VARCHAR(8)  NOT NULL,
  actor          VARCHAR(32) NOT NULL,
  text           TEXT,
  emoji          VARCHAR(64),
  reacted        INT,
  reaction_count INT,
  ts             BIGINT      NOT NULL,
  PRIMARY KEY (conv, rev)
);
CREATE INDEX changes_message ON changes (conv, seq);

CREATE TABLE reactions (
  conv     VARCHAR(80) NOT NULL,
  seq      BIGINT      NOT NULL,
  emoji    VARCHAR(64) NOT NULL,
  username VARCHAR(32) NOT NULL,
  PRIMARY KEY (conv, seq, emoji, username)
);
