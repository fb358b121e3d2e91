-- title: Feature values
-- description: The query cell_features in long form: one row per cell and feature
--   (cell_id, video_id, condition, replicate, treatment_frame, frames, first_t, last_t,
--   frame_interval_s, ordinal, feature, value), features numbered in the order reports list them: the rows
--   of period_feature_values whose period is 'all'. NULL values are kept (a feature the
--   database cannot give, such as morphology after --no-morphology). Cells are listed
--   by condition, video path and label, as cell_features lists them.
-- uses: period_feature_values
SELECT p.cell_id, p.video_id, p.condition, p.replicate, p.treatment_frame, p.frames, p.first_t, p.last_t,
       p.frame_interval_s, p.ordinal, p.feature, p.value
FROM period_feature_values AS p
JOIN cell AS c ON c.id = p.cell_id
JOIN video AS v ON v.id = p.video_id
WHERE p.period = 'all'
ORDER BY p.condition, v.path, c.label, p.ordinal;
