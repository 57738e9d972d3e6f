.mode line
SELECT count(*) AS records FROM records;
SELECT seq, type, json_extract(line, '$.kiosk') AS kiosk,
	json_extract(line, '$.created_at') AS created_at,
	json_extract(line, '$.mode') AS mode,
	json_extract(line, '$.payload.form') AS form,
	json_extract(line, '$.payload.status') AS status,
	json_extract(line, '$.payload.lang') AS lang,
	json_extract(line, '$.payload.receipt') AS receipt,
	json_extract(line, '$.payload.answers') AS answers,
	json_extract(line, '$.payload.other') AS other
FROM records ORDER BY seq;
