.mode line
SELECT json_extract(line, '$.payload.form') AS form,
	json_extract(line, '$.payload.status') AS status,
	json_extract(line, '$.payload.lang') AS lang,
	json_extract(line, '$.payload.answers') AS answers,
	hex(json_extract(line, '$.payload.answers."ecoute-manque"'))
		AS ecoute_manque_hex
FROM records ORDER BY seq;
