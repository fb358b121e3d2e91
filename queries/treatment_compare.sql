-- title: Treatment comparison
-- description: Each cell's features after its treatment frame against before it, per
--   condition and feature of the query period_feature_values: the cells with both values
--   (n, the pairs; treated_cells, the condition's cells with a treatment frame), the
--   medians and quartiles before and after, the median of the paired differences (after −
--   before) with a percentile bootstrap interval (:confidence, :resamples resamples of the
--   cells, seeded by :seed; only with at least four pairs), the two-sided Wilcoxon
--   signed-rank p-value of the differences (wilcoxon_p: scipy.stats.wilcoxon's defaults)
--   and the same Benjamini–Hochberg adjusted across the features of the condition whose
--   test is computable (_bh), and the matched-pairs rank-biserial correlation (positive
--   when values rise after the treatment). Before is every fitted frame t < treatment_frame,
--   after every t ≥ treatment_frame; a feature over time needs two fitted frames in each
--   period. With fewer than two pairs the test is NULL (not computable) and note says why.
--   Only conditions with a treated cell have rows. :features is a comma-separated list of
--   names (spaces around commas ignored) or a JSON array of names.
-- uses: period_feature_values
-- param: features = NULL  (feature names, comma-separated or a JSON array; all when NULL)
-- param: confidence = 0.95  (confidence level of the bootstrap intervals)
-- param: resamples = 2000  (bootstrap resamples)
-- param: seed = 1  (bootstrap seed)
WITH listed(name) AS (
    SELECT value FROM json_each(CASE WHEN json_valid(:features) AND json_type(:features) = 'array' THEN :features END)
    UNION ALL
    SELECT trim(value) FROM json_each('["' || replace(replace(replace(:features, '\', '\\'), '"', '\"'), ',', '","') || '"]')
    WHERE NOT (json_valid(:features) AND json_type(:features) = 'array')
),
treated AS (
    SELECT condition, ordinal, feature, COUNT(DISTINCT cell_id) AS treated_cells
    FROM period_feature_values
    WHERE period = 'all' AND treatment_frame IS NOT NULL
      AND (:features IS NULL OR feature IN (SELECT name FROM listed))
    GROUP BY condition, ordinal
),
pair AS (
    SELECT b.condition, b.ordinal, b.cell_id, b.value AS before, a.value AS after, a.value - b.value AS difference
    FROM period_feature_values AS b
    JOIN period_feature_values AS a ON a.cell_id = b.cell_id AND a.ordinal = b.ordinal AND a.period = 'after'
    WHERE b.period = 'before' AND b.value IS NOT NULL AND a.value IS NOT NULL
),
tested AS (
    SELECT t.condition, t.ordinal, t.feature, t.treated_cells, COUNT(p.difference) AS n,
           median(p.before) AS before_median, percentile(p.before, 25) AS before_q1, percentile(p.before, 75) AS before_q3,
           median(p.after) AS after_median, percentile(p.after, 25) AS after_q1, percentile(p.after, 75) AS after_q3,
           median(p.difference) AS median_difference,
           bootstrap_median_ci(p.difference, :confidence, :resamples, :seed) AS median_difference_ci,
           wilcoxon_p(p.difference) AS wilcoxon_p,
           wilcoxon_rank_biserial(p.difference) AS rank_biserial
    FROM treated AS t
    LEFT JOIN pair AS p ON p.condition = t.condition AND p.ordinal = t.ordinal
    GROUP BY t.condition, t.ordinal
),
ranked AS (
    SELECT *,
           CASE WHEN n >= 2 THEN wilcoxon_p END AS p,
           COUNT(CASE WHEN n >= 2 THEN wilcoxon_p END) OVER (PARTITION BY condition) AS m,
           ROW_NUMBER() OVER (PARTITION BY condition
                              ORDER BY (CASE WHEN n >= 2 THEN wilcoxon_p END) IS NULL,
                                       CASE WHEN n >= 2 THEN wilcoxon_p END, ordinal) AS rank
    FROM tested
)
SELECT condition, feature, treated_cells, n,
       before_median, before_q1, before_q3, after_median, after_q1, after_q3,
       median_difference,
       CASE WHEN n >= 4 THEN median_difference_ci ->> 0 END AS median_difference_low,
       CASE WHEN n >= 4 THEN median_difference_ci ->> 1 END AS median_difference_high,
       p AS wilcoxon_p,
       CASE WHEN p IS NOT NULL THEN
           MIN(1.0, MIN(p * (CAST(m AS REAL) / rank)) OVER (PARTITION BY condition ORDER BY rank DESC ROWS UNBOUNDED PRECEDING))
       END AS wilcoxon_p_bh,
       CASE WHEN n >= 2 THEN rank_biserial END AS rank_biserial,
       CASE WHEN n = 0 THEN 'not computable: no cell has the feature both before and after the treatment'
            WHEN n < 2 THEN 'not computable: 1 cell with the feature both before and after the treatment'
            WHEN n < 4 THEN 'no bootstrap interval below 4 cells'
       END AS note
FROM ranked
ORDER BY condition, ordinal;
