-- title: Frame feature values
-- description: The per-frame values behind the cell features that are means over frames:
--   one row per fitted frame of each cell and per such feature (cell_id, video_id,
--   condition, replicate, t, time_s, ordinal, feature, value), named and numbered as the
--   query feature_values names and numbers the cell features, so that a feature's mean
--   over a cell's frames (NULLs left out) is the cell's value in feature_values. The
--   features (those of the query features with per_frame = 1) are mean_algebraic_connectivity (the frame's algebraic connectivity),
--   mean_edge_density, mean_object_count, mean_branch_length, networks_per_individual,
--   mean_object_area, object_density and area_fraction, in the units fitted_frames gives.
--   The features over time (Laplacian gradient, centrality drift, slopes, split and merge
--   rates, component lifetime) have no value in one frame and are not listed. NULL values
--   are kept (morphology after --no-morphology). Rows are listed by condition, video path,
--   label, frame and feature. plexus phenotypes draws each cell's path through the
--   phenotype space from it.
-- uses: fitted_frames, features
-- param: cell_id = NULL  (one cell, or every cell when NULL)
SELECT x.cell_id, x.video_id, x.condition, x.replicate, x.t, x.time_s, f.ordinal, f.feature,
       CASE f.feature
           WHEN 'mean_algebraic_connectivity' THEN x.algebraic_connectivity
           WHEN 'mean_edge_density' THEN x.edge_density
           WHEN 'mean_object_count' THEN x.object_count
           WHEN 'mean_branch_length' THEN x.branch_length
           WHEN 'networks_per_individual' THEN x.networks_per_individual
           WHEN 'mean_object_area' THEN x.object_area
           WHEN 'object_density' THEN x.object_density
           WHEN 'area_fraction' THEN x.area_fraction
       END AS value
FROM fitted_frames AS x
CROSS JOIN features AS f
WHERE f.per_frame = 1 AND (:cell_id IS NULL OR x.cell_id = :cell_id)
ORDER BY x.condition, x.path, x.label, x.t, f.ordinal;
