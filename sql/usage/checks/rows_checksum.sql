-- The usage rows as they stood before 0003 (their pre-0003 columns): count and checksum, to prove that an
-- apply or a rollback kept every row. Compare the output before and after.
SELECT count(*) AS row_count,
       md5(coalesce(string_agg(concat_ws('|', id, account_id, event_type, bucket_start, quantity, source, ingested_at), ',' ORDER BY id), '')) AS checksum
FROM usage_events;
