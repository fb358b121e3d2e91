-- title: Feature values
-- description: The query cell_features in long form: one row per cell and feature
--   (cell_id, video_id, condition, replicate, treatment_frame, frames, first_t, last_t,
--   frame_interval_s, ordinal, feature, value), features numbered in the order reports list them: the rows
--   of period_feature_values whose period is 'all'. NULL values are kept (a feature the
--   database cannot give, such as morphology after --no-morphology).
-- uses: period_feature_values
SELECT cell_id, video_id, condition, replicate, treatment_frame, frames, first_t, last_t, frame_interval_s, ordinal, feature, value
FROM period_feature_values
WHERE period = 'all'
ORDER BY condition, cell_id, ordinal;
