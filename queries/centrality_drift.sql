-- title: Centrality drift
-- description: How node importance shifts over time, per cell: the mean |slope| of
--   the nodes' eigenvector centrality over time (least squares, per node: see
--   node_centrality_drift), and the Spearman correlation of each frame's centrality
--   vector with the first fitted frame's (per frame: see centrality_correlation),
--   averaged and at the last frame.
--   Time is time_s, or the frame index t when the frame interval is unknown.
-- param: cell_id = NULL  (one cell, or every cell when NULL)
WITH centrality AS (
    SELECT n.cell_id, n.t, COALESCE(f.time_s, f.t) AS time, n.k, n.eigenvector_centrality AS value
    FROM node_metric AS n JOIN frame AS f ON f.cell_id = n.cell_id AND f.t = n.t
    WHERE n.eigenvector_centrality IS NOT NULL AND (:cell_id IS NULL OR n.cell_id = :cell_id)
),
node_slope AS (
    SELECT cell_id, k, COUNT(*) AS frames, slope(time, value) AS slope
    FROM centrality GROUP BY cell_id, k
),
first_frame AS (
    SELECT cell_id, MIN(t) AS t FROM centrality GROUP BY cell_id
),
frame_correlation AS (
    SELECT c.cell_id, c.t, spearman(base.value, c.value) AS spearman_with_first
    FROM centrality AS c
    JOIN first_frame AS ff ON ff.cell_id = c.cell_id
    JOIN centrality AS base ON base.cell_id = c.cell_id AND base.t = ff.t AND base.k = c.k
    GROUP BY c.cell_id, c.t
)
SELECT s.cell_id, v.condition, COUNT(*) AS nodes, AVG(ABS(s.slope)) AS mean_abs_slope,
       (SELECT AVG(spearman_with_first) FROM frame_correlation AS fc WHERE fc.cell_id = s.cell_id)
           AS mean_spearman_with_first,
       (SELECT spearman_with_first FROM frame_correlation AS fc WHERE fc.cell_id = s.cell_id
        ORDER BY fc.t DESC LIMIT 1) AS last_spearman_with_first
FROM node_slope AS s
JOIN cell AS c ON c.id = s.cell_id
JOIN video AS v ON v.id = c.video_id
GROUP BY s.cell_id
ORDER BY s.cell_id;
