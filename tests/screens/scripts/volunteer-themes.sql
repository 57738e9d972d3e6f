.mode list
-- uuids are random: a retraction shows the seq of the record it withdraws;
-- a form's hash changes with its text: shown as "kept" when the forms
-- table holds that very text.
SELECT seq, type, json_extract(line, '$.mode'),
	coalesce(json_extract(line, '$.payload.event'), '-'),
	CASE type WHEN 'retraction' THEN json_set(json_extract(line,
		'$.payload'), '$.retracts', (SELECT 'seq ' || t.seq FROM records t
		WHERE t.uuid = json_extract(r.line, '$.payload.retracts')))
	WHEN 'testimony' THEN json_replace(json_extract(line, '$.payload'),
		'$.form_hash', (SELECT 'kept' FROM forms f
		WHERE f.hash = json_extract(r.line, '$.payload.form_hash')))
	ELSE json_extract(line, '$.payload') END
FROM records r WHERE type <> 'event' OR
	json_extract(line, '$.payload.event') LIKE 'volunteer%'
ORDER BY seq;
