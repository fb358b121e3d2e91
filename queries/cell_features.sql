-- title: Cell features
-- description: One row per cell: the summary features over time that conditions are
--   compared on, with the cell's video, condition and replicate, its fitted frames
--   (count, first and last) and the video's frame interval (NULL when not known). Network features: mean Laplacian gradient (combinatorial,
--   ‖L(t′) − L(t)‖_F / Δt averaged over consecutive frame pairs), centrality drift (mean
--   |slope| of the nodes' eigenvector centrality), slope and mean of the algebraic
--   connectivity, slope of the spectral gap, mean edge density and mean component count.
--   From the morphology table (NULL when ingest ran with --no-morphology): the mean and
--   the slope of the object count, the mean branch length (px) and networks per
--   individual. Slopes
--   are per second when the frame interval is known, per frame otherwise.
--   Cells are listed by condition, then video path and label, an order that does not
--   depend on how ingest numbered them. The other condition queries build on this one
--   (-- uses: cell_features).
WITH fitted AS (
    SELECT f.cell_id, f.t, COALESCE(f.time_s, f.t) AS time, f.algebraic_connectivity, f.spectral_gap,
           f.edge_density, f.component_count, c.video_id, c.label, v.path, v.condition, v.replicate, v.frame_interval_s,
           m.object_count, m.mean_branch_length_px, m.networks, m.individuals
    FROM frame AS f
    JOIN cell AS c ON c.id = f.cell_id
    JOIN video AS v ON v.id = c.video_id
    LEFT JOIN morphology AS m ON m.cell_id = f.cell_id AND m.t = f.t
    WHERE f.status = 'fitted'
),
gradient AS (
    SELECT s.cell_id, AVG(p.value ->> 3) AS mean_laplacian_gradient
    FROM (SELECT f.cell_id, laplacian_gradients(f.t, COALESCE(f.time_s, f.t), e.src, e.dst, e.weight) AS pairs
          FROM frame AS f LEFT JOIN edge AS e ON e.cell_id = f.cell_id AND e.t = f.t
          WHERE f.status = 'fitted'
          GROUP BY f.cell_id) AS s,
         json_each(s.pairs) AS p
    GROUP BY s.cell_id
),
drift AS (
    SELECT cell_id, AVG(ABS(node_slope)) AS centrality_drift
    FROM (SELECT n.cell_id, n.k, slope(COALESCE(f.time_s, f.t), n.eigenvector_centrality) AS node_slope
          FROM node_metric AS n JOIN frame AS f ON f.cell_id = n.cell_id AND f.t = n.t
          WHERE n.eigenvector_centrality IS NOT NULL
          GROUP BY n.cell_id, n.k)
    GROUP BY cell_id
)
SELECT x.cell_id, x.video_id, x.condition, x.replicate, COUNT(*) AS frames, MIN(x.t) AS first_t, MAX(x.t) AS last_t,
       x.frame_interval_s,
       g.mean_laplacian_gradient,
       d.centrality_drift,
       slope(x.time, x.algebraic_connectivity) AS algebraic_connectivity_slope,
       AVG(x.algebraic_connectivity) AS mean_algebraic_connectivity,
       slope(x.time, x.spectral_gap) AS spectral_gap_slope,
       AVG(x.edge_density) AS mean_edge_density,
       AVG(x.component_count) AS mean_component_count,
       AVG(x.object_count) AS mean_object_count,
       slope(x.time, x.object_count) AS object_count_slope,
       AVG(x.mean_branch_length_px) AS mean_branch_length_px,
       AVG(CAST(x.networks AS REAL) / NULLIF(x.individuals, 0)) AS networks_per_individual
FROM fitted AS x
LEFT JOIN gradient AS g ON g.cell_id = x.cell_id
LEFT JOIN drift AS d ON d.cell_id = x.cell_id
GROUP BY x.cell_id
ORDER BY x.condition, x.path, x.label;
