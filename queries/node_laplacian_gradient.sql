-- title: Node Laplacian gradient
-- description: The Laplacian gradient of each node: the norm of node k's row of
--   L(t′) − L(t), divided by time(t′) − time(t), between consecutive processed frames.
--   It shows which part of the network changes (a node's position is in the component
--   table). Every node of the union of the two frames is listed, an absent node being a
--   zero row and column of that frame's Laplacian, with presence: 'both' (a node of both
--   frames), 'born' (new at t_to: born from the residual or split off a parent; see
--   component_events) or 'gone' (a node of t_from no longer there at t_to: it died or was
--   merged into another). A born or gone node's gradient is its whole row of the
--   Laplacian it has in the one frame, over Δt. Under fixed K (--preset ornet) every node
--   is 'both'.
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
-- The row norms come keyed by node id (JSON object keys are text).
node_change AS MATERIALIZED (
    SELECT p.cell_id, p.t_to, CAST(r.key AS INTEGER) AS k, r.value AS gradient
    FROM pair AS p, json_each(p.rows) AS r
),
-- The union of the two frames' nodes.
node AS MATERIALIZED (
    SELECT p.cell_id, p.t_to, n.k, MAX(n.t = p.t_from) AS before, MAX(n.t = p.t_to) AS after
    FROM pair AS p
    JOIN node_metric AS n ON n.cell_id = p.cell_id AND n.t IN (p.t_from, p.t_to)
    GROUP BY p.cell_id, p.t_to, n.k
)
-- Nodes without an edge in either frame have no row in the change: their gradient is 0.
SELECT p.cell_id, p.t_from, p.t_to, n.k,
       CASE WHEN n.before AND n.after THEN 'both' WHEN n.after THEN 'born' ELSE 'gone' END AS presence,
       p.dt, COALESCE(c.gradient, 0.0) AS gradient
FROM pair AS p
JOIN node AS n ON n.cell_id = p.cell_id AND n.t_to = p.t_to
LEFT JOIN node_change AS c ON c.cell_id = p.cell_id AND c.t_to = p.t_to AND c.k = n.k
ORDER BY p.cell_id, p.t_to, n.k;
