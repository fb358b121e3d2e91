-- title: Condition summary
-- description: Per condition and feature: cells, frames, mean, standard deviation,
--   median and quartiles of the per-cell feature values (the query feature_values).
-- uses: feature_values
SELECT f.condition, f.feature, COUNT(f.value) AS cells,
       SUM(CASE WHEN f.value IS NOT NULL THEN f.frames END) AS frames,
       AVG(f.value) AS mean, stddev(f.value) AS sd, median(f.value) AS median,
       percentile(f.value, 25) AS q1, percentile(f.value, 75) AS q3
FROM feature_values AS f
GROUP BY f.condition, f.ordinal
ORDER BY f.condition, f.ordinal;
