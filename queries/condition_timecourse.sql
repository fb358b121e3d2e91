-- title: Condition time course
-- description: Per condition, metric and frame index t: the cells with a value, their
--   mean, standard deviation and a Student-t confidence interval of the mean
--   (mean ± t_{(1+:confidence)/2, n−1} · sd / √n; NULL below two cells), and the mean
--   time in seconds of that frame (NULL unless every one of those cells' videos has a
--   frame interval). Metrics: algebraic
--   connectivity, spectral gap, edge density and live component count (the nodes) of
--   each frame's network; the split and merge rates, the frame's splits and merges per
--   live component (split_count / component_count; 0 under fixed K); the Laplacian
--   gradient between a frame and the one before it over the union of their nodes (at the
--   later frame); object count and mean branch length from the morphology table (µm
--   for videos with a pixel size, px otherwise, as cell_features). Every metric is
--   non-negative, so the band's lower bound is cut at 0; edge density is a fraction, so
--   its upper bound is cut at 1.
-- uses: fitted_frames
-- param: metrics = NULL  (metric names, comma-separated or a JSON array; all when NULL)
-- param: confidence = 0.95  (confidence level of the band)
WITH listed(name) AS (
    SELECT value FROM json_each(CASE WHEN json_valid(:metrics) AND json_type(:metrics) = 'array' THEN :metrics END)
    UNION ALL
    SELECT trim(value) FROM json_each('["' || replace(replace(replace(:metrics, '\', '\\'), '"', '\"'), ',', '","') || '"]')
    WHERE NOT (json_valid(:metrics) AND json_type(:metrics) = 'array')
),
metric AS (
    SELECT 1 AS ordinal, 'algebraic_connectivity' AS name
    UNION ALL SELECT 2, 'spectral_gap'
    UNION ALL SELECT 3, 'edge_density'
    UNION ALL SELECT 4, 'component_count'
    UNION ALL SELECT 5, 'split_rate'
    UNION ALL SELECT 6, 'merge_rate'
    UNION ALL SELECT 7, 'laplacian_gradient'
    UNION ALL SELECT 8, 'object_count'
    UNION ALL SELECT 9, 'mean_branch_length'
),
long AS (
    SELECT x.condition, x.cell_id, x.t, x.time_s, m.ordinal, m.name AS metric,
           CASE m.name
               WHEN 'algebraic_connectivity' THEN x.algebraic_connectivity
               WHEN 'spectral_gap' THEN x.spectral_gap
               WHEN 'edge_density' THEN x.edge_density
               WHEN 'component_count' THEN x.component_count
               WHEN 'split_rate' THEN x.split_rate
               WHEN 'merge_rate' THEN x.merge_rate
               WHEN 'laplacian_gradient' THEN x.laplacian_gradient
               WHEN 'object_count' THEN x.object_count
               WHEN 'mean_branch_length' THEN x.branch_length
           END AS value
    FROM fitted_frames AS x
    CROSS JOIN metric AS m
    WHERE :metrics IS NULL OR m.name IN (SELECT name FROM listed)
),
summary AS (
    SELECT condition, ordinal, metric, t,
           CASE WHEN COUNT(CASE WHEN value IS NOT NULL THEN time_s END) = COUNT(value) THEN AVG(time_s) END AS time_s,
           COUNT(value) AS cells,
           AVG(value) AS mean, stddev(value) AS sd
    FROM long
    GROUP BY condition, ordinal, t
    HAVING COUNT(value) > 0
)
SELECT condition, metric, t, time_s, cells, mean, sd,
       CASE WHEN cells >= 2 THEN MAX(0.0, mean - student_t_quantile((1 + :confidence) / 2, cells - 1) * sd / sqrt(cells)) END AS ci_low,
       CASE WHEN cells >= 2 THEN MIN(CASE WHEN metric = 'edge_density' THEN 1.0 ELSE 1e308 END,
                                     mean + student_t_quantile((1 + :confidence) / 2, cells - 1) * sd / sqrt(cells)) END AS ci_high
FROM summary
ORDER BY condition, ordinal, t;
