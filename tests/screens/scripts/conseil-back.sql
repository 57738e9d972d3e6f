.mode line
SELECT json_extract(line, '$.payload.form') AS form,
	json_extract(line, '$.payload.status') AS status,
	json_extract(line, '$.payload.answers') AS answers,
	json_extract(line, '$.payload.other') AS other
FROM records ORDER BY seq;
