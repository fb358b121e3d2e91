-- title: Laplacian gradient
-- description: How fast each cell's network changes: ‖L(t′) − L(t)‖_F / (time(t′) − time(t))
--   between consecutive processed frames, from the stored edges. The two frames are
--   compared over the union of their nodes (component ids k), a node absent from a frame
--   being a zero row and column of its Laplacian: a component born, split off, dead or
--   merged away between the frames counts with its whole row of the change. Under fixed K
--   (--preset ornet) the nodes are the same in every frame and this is the plain
--   difference of the two K × K matrices. Time is time_s, or the frame index t when the
--   frame interval is unknown.
-- param: cell_id = NULL  (one cell, or every cell when NULL)
-- param: laplacian = combinatorial [combinatorial, normalized]  (L = D − W_s, or L_n = I − D^−½ W_s D^−½)
-- The differencing is done by the laplacian_gradients() aggregate (see
-- `plexus functions laplacian_gradients`), per pair of frames over their union of
-- nodes: the same in SQL joins is ten times slower.
WITH series AS (
    SELECT f.cell_id,
           laplacian_gradients(f.t, COALESCE(f.time_s, f.t), e.src, e.dst, e.weight, :laplacian) AS pairs
    FROM frame AS f
    LEFT JOIN edge AS e ON e.cell_id = f.cell_id AND e.t = f.t
    WHERE f.status = 'fitted' AND (:cell_id IS NULL OR f.cell_id = :cell_id)
    GROUP BY f.cell_id
)
SELECT s.cell_id, p.value ->> 0 AS t_from, p.value ->> 1 AS t_to, p.value ->> 2 AS dt, p.value ->> 3 AS gradient
FROM series AS s, json_each(s.pairs) AS p
WHERE s.pairs IS NOT NULL
ORDER BY s.cell_id, t_to;
