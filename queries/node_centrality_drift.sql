-- title: Node centrality drift
-- description: Per node (component k) of each cell: the least-squares slope of its
--   eigenvector centrality over time across the node's own lifetime — the frames in
--   which it is a node with a centrality, from first_t to last_t — and how many frames
--   those are. A node seen in one frame has no slope (NULL). Under fixed K every node
--   lives through every frame. Time is time_s, or the frame index t when the frame
--   interval is unknown.
-- param: cell_id = NULL  (one cell, or every cell when NULL)
WITH centrality AS (
    SELECT n.cell_id, n.t, COALESCE(f.time_s, f.t) AS time, n.k, n.eigenvector_centrality AS value
    FROM node_metric AS n JOIN frame AS f ON f.cell_id = n.cell_id AND f.t = n.t
    WHERE n.eigenvector_centrality IS NOT NULL AND (:cell_id IS NULL OR n.cell_id = :cell_id)
),
node_slope AS (
    SELECT cell_id, k, COUNT(*) AS frames, MIN(t) AS first_t, MAX(t) AS last_t, slope(time, value) AS slope
    FROM centrality GROUP BY cell_id, k
)
SELECT cell_id, k, frames, first_t, last_t, slope FROM node_slope ORDER BY cell_id, k;
