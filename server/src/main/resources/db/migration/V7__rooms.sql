-- Rooms people belong to (portable across SQLite and PostgreSQL).

-- A room is public (anyone may find, join, read and post) or private (only its members may).
-- created_by is null for a room that a version 1 join created: it has no owner; admins moderate it.
CREATE TABLE rooms (
  name       VARCHAR(64)  PRIMARY KEY,
  visibility VARCHAR(8)   NOT NULL,
  topic      VARCHAR(1024) NOT NULL DEFAULT '',
  created_at BIGINT       NOT NULL,
  created_by VARCHAR(32)
);

-- Who belongs where, with a role (owner, moderator, member) and how far they have read (a seq).
CREATE TABLE room_members (
  room      VARCHAR(64) NOT NULL,
  name      VARCHAR(32) NOT NULL,
  role      VARCHAR(16) NOT NULL,
  since     BIGINT      NOT NULL,
  last_read BIGINT      NOT NULL DEFAULT 0,
  PRIMARY KEY (room, name)
);
CREATE INDEX room_members_name ON room_members (name);

-- How far a user has read a DM conversation with peer.
CREATE TABLE dm_reads (
  name      VARCHAR(32) NOT NULL,
  peer      VARCHAR(32) NOT NULL,
  last_read BIGINT      NOT NULL,
  PRIMARY KEY (name, peer)
);

-- Every room of the previous version had messages (a join without one left nothing): each is public.
INSERT INTO rooms (name, visibility, topic, created_at)
  SELECT substr(id, 3), 'public', '', 0 FROM conversations WHERE id LIKE 'r:%';
INSERT INTO rooms (name, visibility, topic, created_at) VALUES ('general', 'public', '', 0)
  ON CONFLICT (name) DO NOTHING;

-- The previous version kept no membership: whoever posted in a room is a member of it, and every
-- account is a member of general, each having read what was there (no flood of old unread).
INSERT INTO room_members (room, name, role, since, last_read)
  SELECT substr(m.conv, 3), m.sender, 'member', MIN(m.ts), MAX(c.last_seq)
  FROM messages m JOIN conversations c ON c.id = m.conv JOIN users u ON u.name = m.sender
  WHERE m.conv LIKE 'r:%'
  GROUP BY m.conv, m.sender;
INSERT INTO room_members (room, name, role, since, last_read)
  SELECT 'general', u.name, 'member', u.created_at, COALESCE((SELECT last_seq FROM conversations WHERE id = 'r:general'), 0)
  FROM users u
  WHERE 1 = 1 -- SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT
  ON CONFLICT (room, name) DO NOTHING;

-- And every DM conversation counts as read by both of its users.
INSERT INTO dm_reads (name, peer, last_read)
  SELECT m.sender, m.recipient, MAX(c.last_seq)
  FROM messages m JOIN conversations c ON c.id = m.conv
  WHERE m.conv LIKE 'd:%' AND m.recipient IS NOT NULL
  GROUP BY m.sender, m.recipient
  ON CONFLICT (name, peer) DO NOTHING;
INSERT INTO dm_reads (name, peer, last_read)
  SELECT m.recipient, m.sender, MAX(c.last_seq)
  FROM messages m JOIN conversations c ON c.id = m.conv
  WHERE m.conv LIKE 'd:%' AND m.recipient IS NOT NULL
  GROUP BY m.recipient, m.sender
  ON CONFLICT (name, peer) DO NOTHING;
