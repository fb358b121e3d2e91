-- Per cell: the slope of the spectral gap λ₂(L_n) over time and the mean edge
-- density; per condition: their medians, and the Mann–Whitney p-value of each
-- condition's cells against the control cells (NULL for control itself).
WITH per_cell AS (
    SELECT v.condition, f.cell_id,
           slope(f.time_s, f.spectral_gap) AS gap_slope,
           AVG(f.edge_density) AS edge_density
    FROM frame AS f
    JOIN cell AS c ON c.id = f.cell_id
    JOIN video AS v ON v.id = c.video_id
    WHERE f.status = 'fitted'
    GROUP BY f.cell_id
)
SELECT p.condition, COUNT(*) AS cells,
       printf('%.2e', median(p.gap_slope)) AS median_gap_slope_per_s,
       printf('%.3f', median(p.edge_density)) AS median_edge_density,
       (SELECT ROUND(mann_whitney_p(q.gap_slope, q.condition = p.condition), 3)
        FROM per_cell AS q WHERE q.condition IN ('control', p.condition) AND p.condition <> 'control')
           AS gap_slope_p_vs_control
FROM per_cell AS p
GROUP BY p.condition
ORDER BY p.condition;
