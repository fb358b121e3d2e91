-- title: Condition comparison
-- description: Each condition against :baseline, per feature of the query feature_values:
--   the units compared (cells, or replicates at :level = replicate, where a replicate is
--   the mean of its cells, so that cells of one dish are not counted as independent;
--   cells without a replicate are left out there), with cells and replicates behind
--   them; medians and quartiles; two-sided Mann–Whitney U and Welch's t p-values, each
--   also Benjamini–Hochberg adjusted across the features compared for that condition
--   (_bh); Cohen's d and Cliff's delta (condition minus baseline) with percentile
--   bootstrap confidence intervals (:confidence, :resamples resamples drawn within
--   each group, seeded by :seed; only with at least four units a side, as fewer
--   give too few distinct resamples). With fewer than two units on either side the
--   tests and intervals are NULL (not computable) and note says why; Cliff's delta is
--   still given. A condition of the database without analysed cells gets its rows too
--   ("not computable: 0 cells"). No rows when :baseline is not a condition of the
--   database. :features and :conditions are comma-separated names (spaces around
--   commas ignored) or a JSON array of names.
-- uses: feature_values
-- param: baseline = control  (the reference condition)
-- param: level = cell [cell, replicate]  (compare cells, or replicate means)
-- param: features = NULL  (feature names, comma-separated or a JSON array; all when NULL)
-- param: conditions = NULL  (conditions to compare, comma-separated or a JSON array; all when NULL)
-- param: confidence = 0.95  (confidence level of the bootstrap intervals)
-- param: resamples = 2000  (bootstrap resamples)
-- param: seed = 1  (bootstrap seed)
WITH listed(kind, name) AS (
    -- :features and :conditions as rows: a JSON array as it is, else split at commas.
    SELECT 'feature', value FROM json_each(CASE WHEN json_valid(:features) AND json_type(:features) = 'array' THEN :features END)
    UNION ALL
    SELECT 'feature', trim(value) FROM json_each('["' || replace(replace(replace(:features, '\', '\\'), '"', '\"'), ',', '","') || '"]')
    WHERE NOT (json_valid(:features) AND json_type(:features) = 'array')
    UNION ALL
    SELECT 'condition', value FROM json_each(CASE WHEN json_valid(:conditions) AND json_type(:conditions) = 'array' THEN :conditions END)
    UNION ALL
    SELECT 'condition', trim(value) FROM json_each('["' || replace(replace(replace(:conditions, '\', '\\'), '"', '\"'), ',', '","') || '"]')
    WHERE NOT (json_valid(:conditions) AND json_type(:conditions) = 'array')
),
selected AS (
    SELECT * FROM feature_values
    WHERE :features IS NULL OR feature IN (SELECT name FROM listed WHERE kind = 'feature')
),
units AS (
    SELECT condition, replicate, ordinal, feature, value, 1 AS cells
    FROM selected WHERE :level = 'cell' AND value IS NOT NULL
    UNION ALL
    SELECT condition, replicate, ordinal, feature, AVG(value), COUNT(value)
    FROM selected WHERE :level = 'replicate' AND replicate IS NOT NULL AND value IS NOT NULL
    GROUP BY condition, replicate, ordinal
),
compared AS (
    SELECT DISTINCT condition FROM video
    WHERE condition <> :baseline
      AND (:conditions IS NULL OR condition IN (SELECT name FROM listed WHERE kind = 'condition'))
      AND EXISTS (SELECT 1 FROM video WHERE condition = :baseline)
),
tested AS (
    SELECT c.condition, s.ordinal, s.feature,
           COUNT(CASE WHEN u.condition = :baseline THEN u.value END) AS baseline_n,
           COUNT(CASE WHEN u.condition = c.condition THEN u.value END) AS n,
           SUM(CASE WHEN u.condition = :baseline THEN u.cells END) AS baseline_cells,
           SUM(CASE WHEN u.condition = c.condition THEN u.cells END) AS cells,
           COUNT(DISTINCT CASE WHEN u.condition = :baseline THEN u.replicate END) AS baseline_replicates,
           COUNT(DISTINCT CASE WHEN u.condition = c.condition THEN u.replicate END) AS replicates,
           median(CASE WHEN u.condition = :baseline THEN u.value END) AS baseline_median,
           percentile(CASE WHEN u.condition = :baseline THEN u.value END, 25) AS baseline_q1,
           percentile(CASE WHEN u.condition = :baseline THEN u.value END, 75) AS baseline_q3,
           median(CASE WHEN u.condition = c.condition THEN u.value END) AS median,
           percentile(CASE WHEN u.condition = c.condition THEN u.value END, 25) AS q1,
           percentile(CASE WHEN u.condition = c.condition THEN u.value END, 75) AS q3,
           mann_whitney_p(u.value, u.condition = c.condition) AS mann_whitney_p,
           welch_t_p(u.value, u.condition = c.condition) AS welch_t_p,
           cohens_d(u.value, u.condition = c.condition) AS cohens_d,
           bootstrap_ci('cohens_d', u.value, u.condition = c.condition, :confidence, :resamples, :seed) AS cohens_d_ci,
           cliffs_delta(u.value, u.condition = c.condition) AS cliffs_delta,
           bootstrap_ci('cliffs_delta', u.value, u.condition = c.condition, :confidence, :resamples, :seed) AS cliffs_delta_ci
    FROM compared AS c
    JOIN (SELECT DISTINCT ordinal, feature FROM selected) AS s
    LEFT JOIN units AS u ON u.ordinal = s.ordinal AND u.condition IN (:baseline, c.condition)
    GROUP BY c.condition, s.ordinal
),
computable AS (
    SELECT *, baseline_n >= 2 AND n >= 2 AS ok, baseline_n >= 4 AND n >= 4 AS intervals FROM tested
),
ranked AS (
    SELECT *,
           CASE WHEN ok THEN mann_whitney_p END AS mw_p,
           CASE WHEN ok THEN welch_t_p END AS wt_p,
           COUNT(CASE WHEN ok THEN mann_whitney_p END) OVER (PARTITION BY condition) AS mw_m,
           COUNT(CASE WHEN ok THEN welch_t_p END) OVER (PARTITION BY condition) AS wt_m,
           ROW_NUMBER() OVER (PARTITION BY condition
                              ORDER BY (CASE WHEN ok THEN mann_whitney_p END) IS NULL,
                                       CASE WHEN ok THEN mann_whitney_p END, ordinal) AS mw_rank,
           ROW_NUMBER() OVER (PARTITION BY condition
                              ORDER BY (CASE WHEN ok THEN welch_t_p END) IS NULL,
                                       CASE WHEN ok THEN welch_t_p END, ordinal) AS wt_rank
    FROM computable
)
SELECT :level AS level, condition, :baseline AS baseline, feature,
       baseline_n, n, baseline_cells, cells, baseline_replicates, replicates,
       baseline_median, baseline_q1, baseline_q3, median, q1, q3,
       mw_p AS mann_whitney_p,
       CASE WHEN mw_p IS NOT NULL THEN
           MIN(1.0, MIN(mw_p * (CAST(mw_m AS REAL) / mw_rank)) OVER (PARTITION BY condition ORDER BY mw_rank DESC ROWS UNBOUNDED PRECEDING))
       END AS mann_whitney_p_bh,
       wt_p AS welch_t_p,
       CASE WHEN wt_p IS NOT NULL THEN
           MIN(1.0, MIN(wt_p * (CAST(wt_m AS REAL) / wt_rank)) OVER (PARTITION BY condition ORDER BY wt_rank DESC ROWS UNBOUNDED PRECEDING))
       END AS welch_t_p_bh,
       CASE WHEN ok THEN cohens_d END AS cohens_d,
       CASE WHEN intervals THEN cohens_d_ci ->> 0 END AS cohens_d_low,
       CASE WHEN intervals THEN cohens_d_ci ->> 1 END AS cohens_d_high,
       cliffs_delta,
       CASE WHEN intervals THEN cliffs_delta_ci ->> 0 END AS cliffs_delta_low,
       CASE WHEN intervals THEN cliffs_delta_ci ->> 1 END AS cliffs_delta_high,
       CASE WHEN baseline_n = 0 AND n = 0 THEN 'not computable: no values'
            WHEN NOT ok THEN 'not computable: ' || MIN(baseline_n, n) || ' '
                 || CASE :level WHEN 'replicate' THEN 'replicate' ELSE 'cell' END
                 || CASE WHEN MIN(baseline_n, n) = 1 THEN '' ELSE 's' END
                 || ' in ' || CASE WHEN baseline_n < n THEN :baseline ELSE condition END
            WHEN NOT intervals THEN 'no bootstrap intervals below 4 '
                 || CASE :level WHEN 'replicate' THEN 'replicates' ELSE 'cells' END || ' a side'
       END AS note
FROM ranked
ORDER BY condition, ordinal;
