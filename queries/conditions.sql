-- title: Conditions
-- description: The conditions of the database: videos, cells, distinct replicates (of
--   the sample sheet; 0 without them), fitted frames, and the videos with a known pixel
--   size (calibrated_videos: the others' lengths and areas are in px) of each.
SELECT v.condition, COUNT(DISTINCT v.id) AS videos, COUNT(DISTINCT c.id) AS cells,
       COUNT(DISTINCT v.replicate) AS replicates,
       COUNT(DISTINCT CASE WHEN v.pixel_size_um IS NOT NULL THEN v.id END) AS calibrated_videos,
       (SELECT COUNT(*) FROM frame AS f JOIN cell AS c2 ON c2.id = f.cell_id JOIN video AS v2 ON v2.id = c2.video_id
        WHERE v2.condition = v.condition AND f.status = 'fitted') AS fitted_frames
FROM video AS v
LEFT JOIN cell AS c ON c.video_id = v.id
GROUP BY v.condition
ORDER BY v.condition;
