-- title: Spectral distance
-- description: ‖λ(t′) − λ(t)‖₂ between the Laplacian spectra of consecutive processed
--   frames of each cell, and its z-score against the preceding :window distances
--   (NULL until two are available), to flag abrupt changes. This replaces the
--   published mean-eigenvalue anomaly test, whose statistic is constant (the mean
--   eigenvalue of L_n is 1 whenever no node is isolated).
-- param: cell_id = NULL  (one cell, or every cell when NULL)
-- param: laplacian = combinatorial [combinatorial, normalized]  (which spectrum)
-- param: window = 10  (trailing distances the z-score compares with)
WITH frames AS (
    SELECT cell_id, t, LAG(t) OVER (PARTITION BY cell_id ORDER BY t) AS previous
    FROM frame
    WHERE status = 'fitted' AND (:cell_id IS NULL OR cell_id = :cell_id)
),
distance AS (
    SELECT f.cell_id, f.previous AS t_from, f.t AS t_to,
           SQRT(SUM((a.eigenvalue - b.eigenvalue) * (a.eigenvalue - b.eigenvalue))) AS distance
    FROM frames AS f
    JOIN spectrum AS a ON a.cell_id = f.cell_id AND a.t = f.t AND a.laplacian = :laplacian
    JOIN spectrum AS b ON b.cell_id = f.cell_id AND b.t = f.previous AND b.laplacian = a.laplacian AND b.i = a.i
    WHERE f.previous IS NOT NULL
    GROUP BY f.cell_id, f.t
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
