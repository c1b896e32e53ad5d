-- Only messages posted with an idempotency key need the (conv, source_key) lookup: indexing the
-- others too cost every chat message one more index page written at commit.
DROP INDEX messages_source_key;
CREATE UNIQUE INDEX messages_source_key ON messages (conv, source_key) WHERE source_key IS NOT NULL;
