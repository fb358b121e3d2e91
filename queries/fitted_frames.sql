-- title: Fitted frames
-- description: One row per analysed (fitted) frame of every cell, with what the condition
--   queries summarise: the cell's video, label, video path, condition, replicate and
--   frame interval; the frame index t, time_s, and time (time_s, or t without a frame
--   interval); the network's algebraic connectivity, spectral gap, edge density and live
--   component count (its nodes); the structural changes in effect from this frame (births,
--   deaths, splits, merges: see component_events) and the split and merge rates per live
--   component (split_count / component_count, merge_count / component_count; NULL without
--   live components); the combinatorial Laplacian gradient
--   ‖L(t) − L(t′)‖_F / Δt from the previous fitted frame t′ over the union of the two
--   frames' nodes (an absent node a zero row; NULL on the first); and the morphology
--   (object count, mean branch length in px and µm, networks, individuals, mean object
--   area in px² and µm², objects per 100 µm² of the cell, the area fraction of the cell
--   that is foreground, the cell's area in px; NULL after --no-morphology; the µm columns
--   NULL without a pixel size) and the video's pixel size (pixel_size_um) and treatment
--   frame (treatment_frame: the frame index at which the treatment was added, NULL when the
--   sample sheet does not give it).
--   The morphology is also given once in the experiment's units, as the cell features use
--   it: branch_length (µm when the video's pixel size is known, px otherwise),
--   networks_per_individual (networks / individuals; NULL without individuals),
--   object_area (µm², or px²) and object_density (objects per 100 µm² of the cell, or per
--   10,000 px² without a pixel size).
--   cell_period_features and condition_timecourse build on it (-- uses: fitted_frames).
WITH gradient AS (
    SELECT s.cell_id, p.value ->> 1 AS t, p.value ->> 3 AS laplacian_gradient
    FROM (SELECT f.cell_id, laplacian_gradients(f.t, COALESCE(f.time_s, f.t), e.src, e.dst, e.weight) AS pairs
          FROM frame AS f LEFT JOIN edge AS e ON e.cell_id = f.cell_id AND e.t = f.t
          WHERE f.status = 'fitted'
          GROUP BY f.cell_id) AS s,
         json_each(s.pairs) AS p
)
SELECT f.cell_id, c.video_id, c.label, v.path, v.condition, v.replicate, v.frame_interval_s, v.pixel_size_um,
       v.treatment_frame,
       f.t, f.time_s, COALESCE(f.time_s, f.t) AS time,
       f.algebraic_connectivity, f.spectral_gap, f.edge_density, f.component_count,
       f.birth_count, f.death_count, f.split_count, f.merge_count,
       CAST(f.split_count AS REAL) / NULLIF(f.component_count, 0) AS split_rate,
       CAST(f.merge_count AS REAL) / NULLIF(f.component_count, 0) AS merge_rate,
       g.laplacian_gradient,
       m.object_count, m.mean_branch_length_px, m.mean_branch_length_um, m.networks, m.individuals,
       m.mean_object_area_px, m.mean_object_area_um2, m.object_density_per_100um2, m.area_fraction, m.mask_area_px,
       CASE WHEN v.pixel_size_um IS NULL THEN m.mean_branch_length_px ELSE m.mean_branch_length_um END AS branch_length,
       CAST(m.networks AS REAL) / NULLIF(m.individuals, 0) AS networks_per_individual,
       CASE WHEN v.pixel_size_um IS NULL THEN m.mean_object_area_px ELSE m.mean_object_area_um2 END AS object_area,
       CASE WHEN v.pixel_size_um IS NULL THEN m.object_count * 10000.0 / NULLIF(m.mask_area_px, 0)
            ELSE m.object_density_per_100um2 END AS object_density
FROM frame AS f
JOIN cell AS c ON c.id = f.cell_id
JOIN video AS v ON v.id = c.video_id
LEFT JOIN morphology AS m ON m.cell_id = f.cell_id AND m.t = f.t
LEFT JOIN gradient AS g ON g.cell_id = f.cell_id AND g.t = f.t
WHERE f.status = 'fitted'
ORDER BY f.cell_id, f.t;
