-- title: Feature values
-- description: The query cell_features in long form: one row per cell and feature
--   (cell_id, video_id, condition, replicate, frames, first_t, last_t, frame_interval_s,
--   feature, value), features numbered in the order
--   reports list them. NULL values are kept (a feature the database cannot give,
--   such as morphology after --no-morphology).
-- uses: cell_features
SELECT cell_id, video_id, condition, replicate, frames, first_t, last_t, frame_interval_s, f.ordinal, f.feature,
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
FROM cell_features
CROSS JOIN (SELECT 1 AS ordinal, 'mean_laplacian_gradient' AS feature
            UNION ALL SELECT 2, 'centrality_drift'
            UNION ALL SELECT 3, 'algebraic_connectivity_slope'
            UNION ALL SELECT 4, 'mean_algebraic_connectivity'
            UNION ALL SELECT 5, 'spectral_gap_slope'
            UNION ALL SELECT 6, 'mean_edge_density'
            UNION ALL SELECT 7, 'component_count_slope'
            UNION ALL SELECT 8, 'split_rate'
            UNION ALL SELECT 9, 'merge_rate'
            UNION ALL SELECT 10, 'mean_component_lifetime'
            UNION ALL SELECT 11, 'mean_object_count'
            UNION ALL SELECT 12, 'object_count_slope'
            UNION ALL SELECT 13, 'mean_branch_length'
            UNION ALL SELECT 14, 'networks_per_individual'
            UNION ALL SELECT 15, 'mean_object_area'
            UNION ALL SELECT 16, 'object_density'
            UNION ALL SELECT 17, 'area_fraction') AS f
ORDER BY condition, cell_id, f.ordinal;
