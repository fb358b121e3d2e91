-- title: Period feature values
-- description: The query cell_period_features in long form: one row per cell, period and
--   feature (cell_id, period, video_id, condition, replicate, treatment_frame, frames,
--   first_t, last_t, frame_interval_s, ordinal, feature, value), features numbered in the
--   order reports list them (the query features). Period 'all' is every fitted frame (the query feature_values);
--   'before' and 'after' split a treated cell's frames at its treatment frame. NULL values
--   are kept (a feature the database cannot give, such as morphology after
--   --no-morphology, or a feature over time in a period with one fitted frame).
--   Rows are listed by condition, video path, label, period and feature, an order that
--   does not depend on how ingest numbered the cells (so cross-validation folds drawn
--   in this order are the same for every ingest of the same videos).
--   feature_values and treatment_compare build on it.
-- uses: cell_period_features, features
SELECT p.cell_id, p.period, p.video_id, p.condition, p.replicate, p.treatment_frame, p.frames, p.first_t, p.last_t,
       p.frame_interval_s, f.ordinal, f.feature,
       CASE f.feature
           WHEN 'mean_laplacian_gradient' THEN mean_laplacian_gradient
           WHEN 'centrality_drift' THEN centrality_drift
           WHEN 'algebraic_connectivity_slope' THEN algebraic_connectivity_slope
           WHEN 'mean_algebraic_connectivity' THEN mean_algebraic_connectivity
           WHEN 'spectral_gap_slope' THEN spectral_gap_slope
           WHEN 'mean_edge_density' THEN mean_edge_density
           WHEN 'component_count_slope' THEN component_count_slope
           WHEN 'split_rate' THEN split_rate
           WHEN 'merge_rate' THEN merge_rate
           WHEN 'mean_component_lifetime' THEN mean_component_lifetime
           WHEN 'mean_object_count' THEN mean_object_count
           WHEN 'object_count_slope' THEN object_count_slope
           WHEN 'mean_branch_length' THEN mean_branch_length
           WHEN 'networks_per_individual' THEN networks_per_individual
           WHEN 'mean_object_area' THEN mean_object_area
           WHEN 'object_density' THEN object_density
           WHEN 'area_fraction' THEN area_fraction
       END AS value
FROM cell_period_features AS p
JOIN cell AS c ON c.id = p.cell_id
JOIN video AS v ON v.id = p.video_id
CROSS JOIN features AS f
ORDER BY p.condition, v.path, c.label, CASE p.period WHEN 'all' THEN 1 WHEN 'before' THEN 2 ELSE 3 END, f.ordinal;
