-- title: Centrality drift
-- description: How node importance shifts over time, per cell: the mean |slope| of
--   the nodes' eigenvector centrality over time (least squares, per node over its own
--   lifetime: see node_centrality_drift; nodes seen in a single frame have no slope and
--   are left out of the mean, but counted in nodes), and the Spearman correlation of
--   each frame's centrality vector with the cell's first frame's over the union of the
--   two frames' nodes, an absent node at 0 (per frame: see centrality_correlation),
--   averaged and at the last frame.
--   Time is time_s, or the frame index t when the frame interval is unknown.
-- uses: node_centrality_drift, centrality_correlation
-- param: cell_id = NULL  (one cell, or every cell when NULL)
SELECT s.cell_id, v.condition, COUNT(*) AS nodes, AVG(ABS(s.slope)) AS mean_abs_slope,
       (SELECT AVG(spearman_with_first) FROM centrality_correlation AS fc WHERE fc.cell_id = s.cell_id)
           AS mean_spearman_with_first,
       (SELECT spearman_with_first FROM centrality_correlation AS fc WHERE fc.cell_id = s.cell_id
        ORDER BY fc.t DESC LIMIT 1) AS last_spearman_with_first
FROM node_centrality_drift AS s
JOIN cell AS c ON c.id = s.cell_id
JOIN video AS v ON v.id = c.video_id
GROUP BY s.cell_id
ORDER BY s.cell_id;
