-- title: Ingest runs
-- description: The ingest runs behind the database: when, which tool version, the
--   command line, status, how many videos and cells each stored, and every analysis
--   parameter (parameters_json).
SELECT r.id AS run, r.started_at, r.finished_at, r.status, r.tool_version,
       COUNT(DISTINCT v.id) AS videos, COUNT(c.id) AS cells,
       r.command_line, r.parameters_json
FROM ingest_run AS r
LEFT JOIN video AS v ON v.ingest_run_id = r.id
LEFT JOIN cell AS c ON c.video_id = v.id
GROUP BY r.id
ORDER BY r.id;
