-- Whether a room is private, also on its conversation's row (portable across SQLite and
-- PostgreSQL): the row a message's seq is taken from tells, in the same statement, whether the room
-- turned private after a node learned it was public, so that node's say is checked all the same.
ALTER TABLE conversations ADD COLUMN private INT NOT NULL DEFAULT 0;
UPDATE conversations SET private = 1 WHERE id IN (SELECT 'r:' || name FROM rooms WHERE visibility = 'private');
