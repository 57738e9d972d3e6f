.mode line
SELECT count(*) AS records FROM records;
SELECT json_extract(line, '$.payload.form') AS form,
	json_extract(line, '$.payload.status') AS status,
	json_extract(line, '$.payload.last_question') AS last_question,
	json_extract(line, '$.payload.answers') AS answers
FROM records ORDER BY seq;
