.mode list
-- The FTS5 index of the verbatims, filled with the records: the words of
-- the three testimonies (the withdrawn one too: it is left out when read)
-- and every string answer of the submission.
SELECT seq, kind, coalesce(qid, '-'), text FROM verbatims ORDER BY seq, rowid;
SELECT 'ecole:', group_concat(seq, ' ') FROM verbatims WHERE verbatims MATCH 'ecole';
PRAGMA user_version;
