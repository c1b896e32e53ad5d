-- Full-text search on PostgreSQL: each message's words as a tsvector the store computes as it
-- stores, edits or deletes (the 'simple' configuration: no language's stemming or stop words, as
-- chat mixes languages), indexed by GIN.
ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;
CREATE INDEX messages_search ON messages USING GIN (search);
