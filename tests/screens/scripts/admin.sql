.mode list
SELECT seq, type, coalesce(json_extract(line, '$.site'), '-'),
	coalesce(json_extract(line, '$.payload.event'),
		json_extract(line, '$.payload.status'))
FROM records ORDER BY seq;
