-- title: Spectral timeline
-- description: Per processed frame of each cell: algebraic connectivity λ₂(L),
--   spectral gap λ₂(L_n), connected components, edge density and component count,
--   with the cell's condition and the time (time_s, NULL when the frame interval is unknown).
-- param: cell_id = NULL  (one cell, or every cell when NULL)
SELECT f.cell_id, v.condition, f.t, f.time_s, f.component_count, f.edge_count, f.edge_density,
       f.algebraic_connectivity, f.spectral_gap, f.connected_components
FROM frame AS f
JOIN cell AS c ON c.id = f.cell_id
JOIN video AS v ON v.id = c.video_id
WHERE f.status = 'fitted' AND (:cell_id IS NULL OR f.cell_id = :cell_id)
ORDER BY f.cell_id, f.t;
