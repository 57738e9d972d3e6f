.mode list
SELECT type, json_extract(line, '$.payload') FROM records
WHERE type = 'event' AND json_extract(line, '$.payload.event') = 'question_of_day';
