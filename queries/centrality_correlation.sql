-- title: Centrality correlation with the first frame
-- description: Per processed frame of each cell: the Spearman rank correlation of
--   the nodes' eigenvector centralities with those of the cell's first fitted frame
--   (1 = the same nodes are central as at the start).
-- param: cell_id = NULL  (one cell, or every cell when NULL)
WITH centrality AS (
    SELECT n.cell_id, n.t, COALESCE(f.time_s, f.t) AS time, n.k, n.eigenvector_centrality AS value
    FROM node_metric AS n JOIN frame AS f ON f.cell_id = n.cell_id AND f.t = n.t
    WHERE n.eigenvector_centrality IS NOT NULL AND (:cell_id IS NULL OR n.cell_id = :cell_id)
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
SELECT cell_id, t, spearman_with_first FROM frame_correlation ORDER BY cell_id, t;
