.mode list
SELECT seq, type, coalesce(json_extract(line, '$.payload.event'), '-'),
	coalesce(json_extract(line, '$.payload.form'), '-'),
	coalesce(json_extract(line, '$.payload.restated'), '-')
FROM records ORDER BY seq;
SELECT 'kept link', seq FROM chain_base;
SELECT 'acknowledged', acked_through FROM sync_state;
