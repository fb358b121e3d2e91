-- title: Component events
-- description: How each cell's mixture changes structure, per frame: the live component
--   count (the frame's nodes) and the births, deaths, splits (fission) and merges
--   (fusion) in effect from that frame (frame.birth_count … merge_count; one row each in
--   component_event), with the split rate and merge rate per live component
--   (split_count / component_count, merge_count / component_count; NULL without live
--   components). One row per fitted frame, and per other processed frame where events
--   were recorded (status says which: a frame where every component died is 'no_peaks').
--   Under --preset ornet K is fixed and every count is 0. Summed over a cell, Σ splits /
--   Σ component_count over its fitted frames is cell_features' split_rate.
-- param: cell_id = NULL  (one cell, or every cell when NULL)
SELECT f.cell_id, v.condition, f.t, f.time_s, f.status, f.component_count,
       f.birth_count AS births, f.death_count AS deaths, f.split_count AS splits, f.merge_count AS merges,
       CAST(f.split_count AS REAL) / NULLIF(f.component_count, 0) AS split_rate,
       CAST(f.merge_count AS REAL) / NULLIF(f.component_count, 0) AS merge_rate
FROM frame AS f
JOIN cell AS c ON c.id = f.cell_id
JOIN video AS v ON v.id = c.video_id
WHERE (f.status = 'fitted' OR f.birth_count + f.death_count + f.split_count + f.merge_count > 0)
  AND (:cell_id IS NULL OR f.cell_id = :cell_id)
ORDER BY f.cell_id, f.t;
