-- title: Node Laplacian gradient
-- description: The Laplacian gradient of each node: the norm of node k's row of
--   L(t′) − L(t), divided by time(t′) − time(t), between consecutive processed frames.
--   It shows which part of the network changes (component k is the same node in
--   every frame; its position is in the component table).
-- param: cell_id = NULL  (one cell, or every cell when NULL)
-- param: laplacian = combinatorial [combinatorial, normalized]  (L = D − W_s, or L_n = I − D^−½ W_s D^−½)
WITH series AS (
    SELECT f.cell_id,
           laplacian_gradients(f.t, COALESCE(f.time_s, f.t), e.src, e.dst, e.weight, :laplacian) AS pairs
    FROM frame AS f
    LEFT JOIN edge AS e ON e.cell_id = f.cell_id AND e.t = f.t
    WHERE f.status = 'fitted' AND (:cell_id IS NULL OR f.cell_id = :cell_id)
    GROUP BY f.cell_id
),
pair AS MATERIALIZED (
    SELECT s.cell_id, p.value ->> 0 AS t_from, p.value ->> 1 AS t_to, p.value ->> 2 AS dt, p.value -> 4 AS rows
    FROM series AS s, json_each(s.pairs) AS p
    WHERE s.pairs IS NOT NULL
),
node_change AS MATERIALIZED (
    SELECT p.cell_id, p.t_to, r.key AS k, r.value AS gradient
    FROM pair AS p, json_each(p.rows) AS r
)
-- Nodes without any edge in the cell have no row in the change: their gradient is 0.
SELECT p.cell_id, p.t_from, p.t_to, n.k, p.dt, COALESCE(c.gradient, 0.0) AS gradient
FROM pair AS p
JOIN node_metric AS n ON n.cell_id = p.cell_id AND n.t = p.t_to
LEFT JOIN node_change AS c ON c.cell_id = p.cell_id AND c.t_to = p.t_to AND c.k = n.k
ORDER BY p.cell_id, p.t_to, n.k;
