-- title: Node Laplacian gradient
-- description: The Laplacian gradient of each node: the norm of node k's row of
--   L(t′) − L(t), divided by time(t′) − time(t), between consecutive processed frames.
--   It shows which part of the network changes (component k is the same node in
--   every frame; its position is in the component table).
-- param: cell_id = NULL  (one cell, or every cell when NULL)
-- param: laplacian = combinatorial [combinatorial, normalized]  (L = D − W_s, or L_n = I − D^−½ W_s D^−½)
WITH frames AS (
    SELECT cell_id, t, COALESCE(time_s, t) AS time,
           LAG(t) OVER w AS previous, LAG(COALESCE(time_s, t)) OVER w AS previous_time,
           LEAD(t) OVER w AS next
    FROM frame
    WHERE status = 'fitted' AND (:cell_id IS NULL OR cell_id = :cell_id)
    WINDOW w AS (PARTITION BY cell_id ORDER BY t)
),
symmetric AS MATERIALIZED (
    SELECT cell_id, t, MIN(src, dst) AS i, MAX(src, dst) AS j, SUM(weight) / 2 AS w
    FROM edge
    WHERE (:cell_id IS NULL OR cell_id = :cell_id)
    GROUP BY cell_id, t, MIN(src, dst), MAX(src, dst)
),
degree AS MATERIALIZED (
    SELECT cell_id, t, node, SUM(w) AS d
    FROM (SELECT cell_id, t, i AS node, w FROM symmetric UNION ALL SELECT cell_id, t, j, w FROM symmetric)
    GROUP BY cell_id, t, node
),
-- Every nonzero entry of the chosen Laplacian, as (cell, t, i, j, value, multiplicity):
-- off-diagonal pairs stand for L[i][j] and L[j][i] (multiplicity 2), j = −1 marks the diagonal.
entry AS MATERIALIZED (
    SELECT s.cell_id, s.t, s.i, s.j, 2 AS multiplicity,
           CASE :laplacian WHEN 'normalized' THEN -s.w / SQRT(a.d * b.d) ELSE -s.w END AS value
    FROM symmetric AS s
    JOIN degree AS a ON a.cell_id = s.cell_id AND a.t = s.t AND a.node = s.i
    JOIN degree AS b ON b.cell_id = s.cell_id AND b.t = s.t AND b.node = s.j
    UNION ALL
    SELECT cell_id, t, node, -1, 1, CASE :laplacian WHEN 'normalized' THEN 1.0 ELSE d END
    FROM degree WHERE d > 0
),
-- Each entry next to its value in the cell's previous and next processed frames
-- (0 where the entry is absent there).
sequence AS (
    SELECT e.cell_id, e.t, e.i, e.j, e.value, f.previous, f.next,
           LAG(e.t) OVER w AS lag_t, LAG(e.value) OVER w AS lag_value, LEAD(e.t) OVER w AS lead_t
    FROM entry AS e JOIN frames AS f ON f.cell_id = e.cell_id AND f.t = e.t
    WINDOW w AS (PARTITION BY e.cell_id, e.i, e.j ORDER BY e.t)
),
-- Squared changes per entry, credited to the row of each of its nodes
-- (an off-diagonal pair is L[i][j] in row i and L[j][i] in row j).
change AS (
    SELECT cell_id, t AS t_to, i, j, POWER(value - CASE WHEN lag_t = previous THEN lag_value ELSE 0 END, 2) AS square
    FROM sequence WHERE previous IS NOT NULL
    UNION ALL
    SELECT cell_id, next, i, j, value * value
    FROM sequence WHERE next IS NOT NULL AND (lead_t IS NULL OR lead_t <> next)
),
row_change AS (
    SELECT cell_id, t_to, node, SUM(square) AS square
    FROM (SELECT cell_id, t_to, i AS node, square FROM change
          UNION ALL SELECT cell_id, t_to, j, square FROM change WHERE j >= 0)
    GROUP BY cell_id, t_to, node
)
SELECT f.cell_id, f.previous AS t_from, f.t AS t_to, n.k, f.time - f.previous_time AS dt,
       SQRT(COALESCE(r.square, 0)) / (f.time - f.previous_time) AS gradient
FROM frames AS f
JOIN node_metric AS n ON n.cell_id = f.cell_id AND n.t = f.t
LEFT JOIN row_change AS r ON r.cell_id = f.cell_id AND r.t_to = f.t AND r.node = n.k
WHERE f.previous IS NOT NULL
ORDER BY f.cell_id, f.t, n.k;
