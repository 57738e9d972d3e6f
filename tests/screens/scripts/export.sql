.mode list
SELECT json_extract(line, '$.payload') FROM records
WHERE type = 'event' AND json_extract(line, '$.payload.event') = 'export';
