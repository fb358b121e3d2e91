-- Per cell: how the morphology and the network change over time (least-squares
-- slopes per second) and the mean algebraic connectivity; per condition: the
-- medians, and Mann–Whitney p-values of each condition's cells against the
-- control cells (NULL for control itself).
WITH per_cell AS (
    SELECT v.condition, f.cell_id,
           slope(f.time_s, m.object_count) AS objects_per_s,
           slope(f.time_s, m.mean_branch_length_px) AS branch_length_px_per_s,
           AVG(f.algebraic_connectivity) AS algebraic_connectivity
    FROM frame AS f
    JOIN morphology AS m ON m.cell_id = f.cell_id AND m.t = f.t
    JOIN cell AS c ON c.id = f.cell_id
    JOIN video AS v ON v.id = c.video_id
    WHERE f.status = 'fitted'
    GROUP BY f.cell_id
)
SELECT p.condition, COUNT(*) AS cells,
       printf('%+.3f', median(p.objects_per_s)) AS objects_per_s,
       printf('%+.3f', median(p.branch_length_px_per_s)) AS branch_length_px_per_s,
       printf('%.2e', median(p.algebraic_connectivity)) AS algebraic_connectivity,
       (SELECT ROUND(mann_whitney_p(q.objects_per_s, q.condition = p.condition), 3)
        FROM per_cell AS q WHERE q.condition IN ('control', p.condition) AND p.condition <> 'control') AS p_objects,
       (SELECT ROUND(mann_whitney_p(q.algebraic_connectivity, q.condition = p.condition), 3)
        FROM per_cell AS q WHERE q.condition IN ('control', p.condition) AND p.condition <> 'control') AS p_connectivity
FROM per_cell AS p
GROUP BY p.condition
ORDER BY p.condition;
