-- title: Spectral distance
-- description: ‖λ(t′) − λ(t)‖₂ between the Laplacian spectra of consecutive processed
--   frames of each cell, and its z-score against the preceding :window distances
--   (NULL until two are available), to flag abrupt changes. Frames with different node
--   sets are compared over the union of their nodes: the Laplacian of a frame on the
--   union has a zero row and column per absent node, hence one more zero eigenvalue
--   each; so the shorter spectrum is padded with zeros at its low end and the
--   eigenvalues are matched from the largest down (the j-th largest with the j-th
--   largest). A frame without nodes is all zeros. Under fixed K the spectra have the
--   same length and this is the plain ‖λ(t′) − λ(t)‖₂. This replaces the published
--   mean-eigenvalue anomaly test, whose statistic is constant (the mean eigenvalue of
--   L_n is 1 whenever no node is isolated).
-- param: cell_id = NULL  (one cell, or every cell when NULL)
-- param: laplacian = combinatorial [combinatorial, normalized]  (which spectrum)
-- param: window = 10  (trailing distances the z-score compares with)
-- A fitted frame's spectra have one eigenvalue per live component.
WITH frames AS MATERIALIZED (
    SELECT cell_id, t, component_count AS n, LAG(t) OVER w AS previous, LAG(component_count) OVER w AS previous_n
    FROM frame
    WHERE status = 'fitted' AND (:cell_id IS NULL OR cell_id = :cell_id)
    WINDOW w AS (PARTITION BY cell_id ORDER BY t)
),
-- Eigenvalues numbered from the largest down (j = n − 1 − i, j = 0 the largest):
-- padding the shorter spectrum with zeros at the low end matches equal j, and an
-- unmatched eigenvalue meets a padded zero.
difference AS (
    SELECT f.cell_id, f.t,
           CASE WHEN s.t = f.t THEN f.n ELSE f.previous_n END - 1 - s.i AS j,
           SUM(CASE WHEN s.t = f.t THEN s.eigenvalue ELSE -s.eigenvalue END) AS d
    FROM frames AS f
    JOIN spectrum AS s ON s.cell_id = f.cell_id AND s.t IN (f.t, f.previous) AND s.laplacian = :laplacian
    WHERE f.previous IS NOT NULL
    GROUP BY f.cell_id, f.t, j
),
distance AS (
    SELECT f.cell_id, f.previous AS t_from, f.t AS t_to, COALESCE(x.distance, 0.0) AS distance
    FROM frames AS f
    LEFT JOIN (SELECT cell_id, t, SQRT(SUM(d * d)) AS distance FROM difference GROUP BY cell_id, t) AS x
           ON x.cell_id = f.cell_id AND x.t = f.t
    WHERE f.previous IS NOT NULL
),
trailing AS (
    SELECT *,
           COUNT(distance) OVER w AS n,
           AVG(distance) OVER w AS mean,
           AVG(distance * distance) OVER w AS mean_square
    FROM distance
    WINDOW w AS (PARTITION BY cell_id ORDER BY t_to ROWS BETWEEN :window PRECEDING AND 1 PRECEDING)
)
SELECT cell_id, t_from, t_to, distance,
       CASE WHEN n >= 2 AND mean_square - mean * mean > 0
            THEN (distance - mean) / SQRT((mean_square - mean * mean) * n / (n - 1))
       END AS z_score
FROM trailing
ORDER BY cell_id, t_to;
