-- Replies (portable across SQLite and PostgreSQL): the seq of the message of the same
-- conversation that a message answers; null for one that answers none.
ALTER TABLE messages ADD COLUMN reply_to BIGINT;
