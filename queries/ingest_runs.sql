-- title: Ingest runs
-- description: The ingest runs behind the database: when, which tool version, the
--   command line, status, how many videos and cells each stored, and every analysis
--   parameter (parameters_json). shard is I/N for a run of `plexus ingest --shard I/N`
--   (NULL otherwise), batch_sha256 the batch it belongs to (the SHA-256 of its sample
--   sheet), merged_from the database a run was merged from by `plexus merge`.
SELECT r.id AS run, r.started_at, r.finished_at, r.status,
       CASE WHEN r.shard_count IS NULL THEN NULL ELSE r.shard_index || '/' || r.shard_count END AS shard,
       r.tool_version,
       COUNT(DISTINCT v.id) AS videos, COUNT(c.id) AS cells,
       r.command_line, r.parameters_json, r.batch_sha256, r.merged_from
FROM ingest_run AS r
LEFT JOIN video AS v ON v.ingest_run_id = r.id
LEFT JOIN cell AS c ON c.video_id = v.id
GROUP BY r.id
ORDER BY r.id;
