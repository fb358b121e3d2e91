-- title: Cell features
-- description: One row per cell: the summary features over time that conditions are
--   compared on, with the cell's video, condition and replicate, its fitted frames
--   (count, first and last) and the video's frame interval (NULL when not known).
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
--   merge rates, component lifetime) are NULL for a cell with one fitted frame.
--   Cells are listed by condition, then video path and label, an order that does not
--   depend on how ingest numbered them. The other condition queries build on this one
--   (-- uses: cell_features).
-- uses: fitted_frames
WITH drift AS (
    SELECT cell_id, AVG(ABS(node_slope)) AS centrality_drift
    FROM (SELECT n.cell_id, n.k, slope(COALESCE(f.time_s, f.t), n.eigenvector_centrality) AS node_slope
          FROM node_metric AS n JOIN frame AS f ON f.cell_id = n.cell_id AND f.t = n.t
          WHERE n.eigenvector_centrality IS NOT NULL
          GROUP BY n.cell_id, n.k)
    GROUP BY cell_id
),
lifetime AS (
    SELECT cell_id, AVG(frames) AS mean_component_lifetime
    FROM (SELECT c.cell_id, c.k, COUNT(*) AS frames
          FROM component AS c JOIN frame AS f ON f.cell_id = c.cell_id AND f.t = c.t
          WHERE f.status = 'fitted'
          GROUP BY c.cell_id, c.k)
    GROUP BY cell_id
)
SELECT x.cell_id, x.video_id, x.condition, x.replicate, COUNT(*) AS frames, MIN(x.t) AS first_t, MAX(x.t) AS last_t,
       x.frame_interval_s,
       AVG(x.laplacian_gradient) AS mean_laplacian_gradient,
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
       AVG(CASE WHEN x.pixel_size_um IS NULL THEN x.mean_branch_length_px ELSE x.mean_branch_length_um END)
           AS mean_branch_length,
       AVG(CAST(x.networks AS REAL) / NULLIF(x.individuals, 0)) AS networks_per_individual,
       AVG(CASE WHEN x.pixel_size_um IS NULL THEN x.mean_object_area_px ELSE x.mean_object_area_um2 END)
           AS mean_object_area,
       AVG(CASE WHEN x.pixel_size_um IS NULL THEN x.object_count * 10000.0 / NULLIF(x.mask_area_px, 0)
                ELSE x.object_density_per_100um2 END) AS object_density,
       AVG(x.area_fraction) AS area_fraction
FROM fitted_frames AS x
LEFT JOIN drift AS d ON d.cell_id = x.cell_id
LEFT JOIN lifetime AS l ON l.cell_id = x.cell_id
GROUP BY x.cell_id
ORDER BY x.condition, x.path, x.label;
