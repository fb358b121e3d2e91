-- title: Cell features
-- description: One row per cell: the summary features over time that conditions are
--   compared on, with the cell's video, condition, replicate and treatment frame, its fitted
--   frames (count, first and last) and the video's frame interval (NULL when not known);
--   the rows of cell_period_features whose period is 'all' (every fitted frame), where
--   the features are defined once.
--   Network features: mean Laplacian gradient (combinatorial, ‖L(t′) − L(t)‖_F / Δt over
--   the union of the two frames' nodes, averaged over consecutive frame pairs), centrality
--   drift (mean |slope| of the nodes' eigenvector centrality, each over its own lifetime),
--   slope and mean of the algebraic connectivity, slope of the spectral gap, mean edge
--   density. Components over time: the slope of the live component count; the split rate
--   and merge rate, events per live component per frame (Σ split_count / Σ component_count
--   over the cell's fitted frames, and the same for merges; 0 under fixed K); the mean
--   component lifetime, the mean over the cell's components of the number of its fitted
--   frames in which the component is present (frames; components present at the cell's
--   first or last fitted frame are counted as seen, not extrapolated, so this is a lower
--   bound for them — under fixed K it is the number of fitted frames).
--   From the morphology table (NULL when ingest ran with --no-morphology): the mean and
--   the slope of the object count, the mean branch length, networks per individual,
--   the mean object area, the object density (objects per 100 µm² of the cell) and the
--   area fraction (foreground area / cell area). Lengths and areas are in µm and µm²
--   when the video's pixel size is known, in px and px² otherwise (the density then per
--   10,000 px²): give every video of an experiment its pixel size, or none.
--   Slopes are per second when the frame interval is known, per frame otherwise.
--   Features over time (the Laplacian gradient, centrality drift, the slopes, split and
--   merge rates, component lifetime) are NULL for a cell with one fitted frame.
--   Cells are listed by condition, then video path and label, an order that does not
--   depend on how ingest numbered them. The other condition queries build on this one
--   (-- uses: cell_features).
-- uses: cell_period_features
SELECT f.*
FROM cell_period_features AS f
JOIN cell AS c ON c.id = f.cell_id
JOIN video AS v ON v.id = f.video_id
WHERE f.period = 'all'
ORDER BY f.condition, v.path, c.label;
