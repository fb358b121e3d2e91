-- title: Cell features per period
-- description: The per-cell features, defined here once, over a period of each cell's
--   fitted frames: one row per cell with period 'all' (every fitted frame: the query
--   cell_features), and, for a cell whose video has a treatment frame (sample sheet column
--   treatment_frame), one row with period 'before' (frames t < treatment_frame) and one
--   with period 'after' (t ≥ treatment_frame) when the period has fitted frames. Each row
--   has the cell's video, condition, replicate and treatment frame, the period's fitted
--   frames (count, first and last) and the video's frame interval (NULL when not known).
--   Within a period, consecutive frames are the period's own: the Laplacian gradient from
--   the last frame before the treatment to the first after it belongs to neither period.
--   Network features: mean Laplacian gradient (combinatorial, ‖L(t′) − L(t)‖_F / Δt over
--   the union of the two frames' nodes, averaged over consecutive frame pairs), centrality
--   drift (mean |slope| of the nodes' eigenvector centrality, each over its own lifetime),
--   slope and mean of the algebraic connectivity, slope of the spectral gap, mean edge
--   density. Components over time: the slope of the live component count; the split rate
--   and merge rate, events per live component per frame (Σ split_count / Σ component_count
--   over the cell's fitted frames, and the same for merges; 0 under fixed K); the mean
--   component lifetime, the mean over the cell's components of the number of its fitted
--   frames in which the component is present (frames; components present at the cell's
--   first or last fitted frame are counted as seen, not extrapolated, so this is a lower
--   bound for them — under fixed K it is the number of fitted frames).
--   From the morphology table (NULL when ingest ran with --no-morphology): the mean and
--   the slope of the object count, the mean branch length, networks per individual,
--   the mean object area, the object density (objects per 100 µm² of the cell) and the
--   area fraction (foreground area / cell area). Lengths and areas are in µm and µm²
--   when the video's pixel size is known, in px and px² otherwise (the density then per
--   10,000 px²): give every video of an experiment its pixel size, or none.
--   Slopes are per second when the frame interval is known, per frame otherwise.
--   Features over time (the Laplacian gradient, centrality drift, the slopes, split and
--   merge rates, component lifetime) need at least two fitted frames in the period and
--   are NULL otherwise. Rows are listed by condition, then video path, label and period
--   (all, before, after), an order that does not depend on how ingest numbered the cells.
--   cell_features (period 'all') and period_feature_values build on this one.
-- uses: fitted_frames
WITH period(name, ordinal) AS (
    VALUES ('all', 1), ('before', 2), ('after', 3)
),
-- Each fitted frame once in period 'all', and once more before or after the treatment.
frame_period AS (
    SELECT f.cell_id, f.t, p.name AS period
    FROM frame AS f
    JOIN cell AS c ON c.id = f.cell_id
    JOIN video AS v ON v.id = c.video_id
    JOIN period AS p ON p.name = 'all'
        OR p.name = CASE WHEN v.treatment_frame IS NULL THEN NULL WHEN f.t < v.treatment_frame THEN 'before' ELSE 'after' END
    WHERE f.status = 'fitted'
),
framed AS (
    SELECT x.*, fp.period,
           -- A period's first frame has no earlier frame of its own to change from.
           CASE WHEN x.t > MIN(x.t) OVER (PARTITION BY x.cell_id, fp.period) THEN x.laplacian_gradient END
               AS period_laplacian_gradient
    FROM fitted_frames AS x
    JOIN frame_period AS fp ON fp.cell_id = x.cell_id AND fp.t = x.t
),
drift AS (
    SELECT cell_id, period, AVG(ABS(node_slope)) AS centrality_drift
    FROM (SELECT n.cell_id, fp.period, n.k, slope(COALESCE(f.time_s, f.t), n.eigenvector_centrality) AS node_slope
          FROM node_metric AS n
          JOIN frame AS f ON f.cell_id = n.cell_id AND f.t = n.t
          JOIN frame_period AS fp ON fp.cell_id = n.cell_id AND fp.t = n.t
          WHERE n.eigenvector_centrality IS NOT NULL
          GROUP BY n.cell_id, fp.period, n.k)
    GROUP BY cell_id, period
),
lifetime AS (
    SELECT cell_id, period, AVG(frames) AS mean_component_lifetime
    FROM (SELECT c.cell_id, fp.period, c.k, COUNT(*) AS frames
          FROM component AS c JOIN frame_period AS fp ON fp.cell_id = c.cell_id AND fp.t = c.t
          GROUP BY c.cell_id, fp.period, c.k)
    GROUP BY cell_id, period
)
SELECT x.cell_id, x.period, x.video_id, x.condition, x.replicate, x.treatment_frame,
       COUNT(*) AS frames, MIN(x.t) AS first_t, MAX(x.t) AS last_t,
       x.frame_interval_s,
       AVG(x.period_laplacian_gradient) AS mean_laplacian_gradient,
       CASE WHEN COUNT(*) > 1 THEN d.centrality_drift END AS centrality_drift,
       slope(x.time, x.algebraic_connectivity) AS algebraic_connectivity_slope,
       AVG(x.algebraic_connectivity) AS mean_algebraic_connectivity,
       slope(x.time, x.spectral_gap) AS spectral_gap_slope,
       AVG(x.edge_density) AS mean_edge_density,
       slope(x.time, x.component_count) AS component_count_slope,
       CASE WHEN COUNT(*) > 1 THEN CAST(SUM(x.split_count) AS REAL) / NULLIF(SUM(x.component_count), 0) END
           AS split_rate,
       CASE WHEN COUNT(*) > 1 THEN CAST(SUM(x.merge_count) AS REAL) / NULLIF(SUM(x.component_count), 0) END
           AS merge_rate,
       CASE WHEN COUNT(*) > 1 THEN l.mean_component_lifetime END AS mean_component_lifetime,
       AVG(x.object_count) AS mean_object_count,
       slope(x.time, x.object_count) AS object_count_slope,
       AVG(x.branch_length) AS mean_branch_length,
       AVG(x.networks_per_individual) AS networks_per_individual,
       AVG(x.object_area) AS mean_object_area,
       AVG(x.object_density) AS object_density,
       AVG(x.area_fraction) AS area_fraction
FROM framed AS x
JOIN period AS p ON p.name = x.period
LEFT JOIN drift AS d ON d.cell_id = x.cell_id AND d.period = x.period
LEFT JOIN lifetime AS l ON l.cell_id = x.cell_id AND l.period = x.period
GROUP BY x.cell_id, x.period
ORDER BY x.condition, x.path, x.label, p.ordinal;
