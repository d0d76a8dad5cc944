-- History's full-text search: an FTS5 index over message bodies, its content read from messages
-- itself (external content), kept by triggers in the statement that writes the message. Every
-- row is indexed (a transcript event's empty text adds no word), so the delete and update
-- triggers always remove exactly what was added. unicode61 without diacritic folding: whole
-- words in any case, as PostgreSQL's 'simple' configuration reads them.
CREATE VIRTUAL TABLE `messages_fts` USING fts5(`text`, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
CREATE TRIGGER `messages_fts_insert` AFTER INSERT ON `messages` BEGIN
  INSERT INTO `messages_fts`(rowid, `text`) VALUES (new.rowid, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_delete` AFTER DELETE ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `text`) VALUES ('delete', old.rowid, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_update` AFTER UPDATE OF `text` ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `text`) VALUES ('delete', old.rowid, old.`text`);
  INSERT INTO `messages_fts`(rowid, `text`) VALUES (new.rowid, new.`text`);
END;
--> statement-breakpoint
-- The messages stored before this migration.
INSERT INTO `messages_fts`(`messages_fts`) VALUES ('rebuild');
