-- title: Centrality correlation with the first frame
-- description: Per processed frame of each cell: the Spearman rank correlation of
--   the nodes' eigenvector centralities with those of the cell's first frame with
--   centralities (1 = the same nodes are central as at the start). The two frames are
--   compared over the union of their nodes, a node absent from one of them (not yet born,
--   or gone) having centrality 0 there: eigenvector centralities are ≥ 0, so an absent
--   node ranks at the bottom, and the absent nodes of a frame share their average rank
--   (spearman() gives tied values their average rank, as scipy's spearmanr). NULL when
--   either side is constant over the union (e.g. a single node). Under fixed K the
--   union is every node.
-- param: cell_id = NULL  (one cell, or every cell when NULL)
WITH frames AS (
    SELECT DISTINCT cell_id, t FROM node_metric
    WHERE eigenvector_centrality IS NOT NULL AND (:cell_id IS NULL OR cell_id = :cell_id)
),
first_frame AS (
    SELECT cell_id, MIN(t) AS t FROM frames GROUP BY cell_id
),
-- Each frame's nodes beside the first frame's, over their union: each frame's own
-- values, and the first frame's repeated for every frame (equality joins on
-- node_metric's key).
paired AS (
    SELECT cell_id, t, k, MAX(base) AS base, MAX(value) AS value
    FROM (SELECT f.cell_id, f.t, n.k, NULL AS base, n.eigenvector_centrality AS value
          FROM frames AS f
          JOIN node_metric AS n ON n.cell_id = f.cell_id AND n.t = f.t
          WHERE n.eigenvector_centrality IS NOT NULL
          UNION ALL
          SELECT f.cell_id, f.t, n.k, n.eigenvector_centrality, NULL
          FROM frames AS f
          JOIN first_frame AS ff ON ff.cell_id = f.cell_id
          JOIN node_metric AS n ON n.cell_id = ff.cell_id AND n.t = ff.t
          WHERE n.eigenvector_centrality IS NOT NULL)
    GROUP BY cell_id, t, k
),
frame_correlation AS (
    SELECT cell_id, t, spearman(COALESCE(base, 0.0), COALESCE(value, 0.0)) AS spearman_with_first
    FROM paired
    GROUP BY cell_id, t
)
SELECT cell_id, t, spearman_with_first FROM frame_correlation ORDER BY cell_id, t;
