-- Full-text search on the embedded store: an FTS5 index of the message texts, kept by triggers in
-- the transaction that stores, edits or deletes. An external-content index names its rows by rowid,
-- which VACUUM may renumber unless the table has an INTEGER PRIMARY KEY: the messages table is
-- rebuilt with one (the same columns and indexes; (conv, seq) stays unique).
CREATE TABLE messages_v11 (
  id         INTEGER     PRIMARY KEY,
  conv       VARCHAR(80) NOT NULL,
  seq        BIGINT      NOT NULL,
  sender     VARCHAR(32) NOT NULL,
  recipient  VARCHAR(32),
  text       TEXT        NOT NULL,
  ts         BIGINT      NOT NULL,
  deleted_by VARCHAR(32),
  source_key VARCHAR(200),
  mentions   TEXT,
  reply_to   BIGINT,
  UNIQUE (conv, seq)
);
INSERT INTO messages_v11 (id, conv, seq, sender, recipient, text, ts, deleted_by, source_key, mentions, reply_to)
  SELECT rowid, conv, seq, sender, recipient, text, ts, deleted_by, source_key, mentions, reply_to FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v11 RENAME TO messages;
CREATE UNIQUE INDEX messages_source_key ON messages (conv, source_key) WHERE source_key IS NOT NULL;

CREATE VIRTUAL TABLE message_search USING fts5(text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
  INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages BEGIN
  INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
  INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
INSERT INTO message_search (message_search) VALUES ('rebuild');
