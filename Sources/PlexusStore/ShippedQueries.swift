// Generated from queries/*.sql by `make schema`. Do not edit.

/// The named queries shipped with Plexus: queries/*.sql, compiled in.
enum ShippedQueries {
    /// File name → text, in file-name order.
    static let files: KeyValuePairs<String, String> = [
        "cell_features.sql": #"""
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

"""#,
        "cell_period_features.sql": #"""
-- title: Cell features per period
-- description: The per-cell features, defined here once, over a period of each cell's
--   fitted frames: one row per cell with period 'all' (every fitted frame: the query
--   cell_features), and, for a cell whose video has a treatment frame (sample sheet column
--   treatment_frame), one row with period 'before' (frames t < treatment_frame) and one
--   with period 'after' (t ≥ treatment_frame) when the period has fitted frames. Each row
--   has the cell's video, condition, replicate and treatment frame, the period's fitted
--   frames (count, first and last) and the video's frame interval (NULL when not known).
--   Within a period, consecutive frames are the period's own: the Laplacian gradient from
--   the last frame before the treatment to the first after it belongs to neither period.
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
--   merge rates, component lifetime) need at least two fitted frames in the period and
--   are NULL otherwise. Rows are listed by condition, then video path, label and period
--   (all, before, after), an order that does not depend on how ingest numbered the cells.
--   cell_features (period 'all') and period_feature_values build on this one.
-- uses: fitted_frames
WITH period(name, ordinal) AS (
    VALUES ('all', 1), ('before', 2), ('after', 3)
),
-- Each fitted frame once in period 'all', and once more before or after the treatment.
frame_period AS (
    SELECT f.cell_id, f.t, p.name AS period
    FROM frame AS f
    JOIN cell AS c ON c.id = f.cell_id
    JOIN video AS v ON v.id = c.video_id
    JOIN period AS p ON p.name = 'all'
        OR p.name = CASE WHEN v.treatment_frame IS NULL THEN NULL WHEN f.t < v.treatment_frame THEN 'before' ELSE 'after' END
    WHERE f.status = 'fitted'
),
framed AS (
    SELECT x.*, fp.period,
           -- A period's first frame has no earlier frame of its own to change from.
           CASE WHEN x.t > MIN(x.t) OVER (PARTITION BY x.cell_id, fp.period) THEN x.laplacian_gradient END
               AS period_laplacian_gradient
    FROM fitted_frames AS x
    JOIN frame_period AS fp ON fp.cell_id = x.cell_id AND fp.t = x.t
),
drift AS (
    SELECT cell_id, period, AVG(ABS(node_slope)) AS centrality_drift
    FROM (SELECT n.cell_id, fp.period, n.k, slope(COALESCE(f.time_s, f.t), n.eigenvector_centrality) AS node_slope
          FROM node_metric AS n
          JOIN frame AS f ON f.cell_id = n.cell_id AND f.t = n.t
          JOIN frame_period AS fp ON fp.cell_id = n.cell_id AND fp.t = n.t
          WHERE n.eigenvector_centrality IS NOT NULL
          GROUP BY n.cell_id, fp.period, n.k)
    GROUP BY cell_id, period
),
lifetime AS (
    SELECT cell_id, period, AVG(frames) AS mean_component_lifetime
    FROM (SELECT c.cell_id, fp.period, c.k, COUNT(*) AS frames
          FROM component AS c JOIN frame_period AS fp ON fp.cell_id = c.cell_id AND fp.t = c.t
          GROUP BY c.cell_id, fp.period, c.k)
    GROUP BY cell_id, period
)
SELECT x.cell_id, x.period, x.video_id, x.condition, x.replicate, x.treatment_frame,
       COUNT(*) AS frames, MIN(x.t) AS first_t, MAX(x.t) AS last_t,
       x.frame_interval_s,
       AVG(x.period_laplacian_gradient) AS mean_laplacian_gradient,
       CASE WHEN COUNT(*) > 1 THEN d.centrality_drift END AS centrality_drift,
       slope(x.time, x.algebraic_connectivity) AS algebraic_connectivity_slope,
       AVG(x.algebraic_connectivity) AS mean_algebraic_connectivity,
       slope(x.time, x.spectral_gap) AS spectral_gap_slope,
       AVG(x.edge_density) AS mean_edge_density,
       slope(x.time, x.component_count) AS component_count_slope,
       CASE WHEN COUNT(*) > 1 THEN CAST(SUM(x.split_count) AS REAL) / NULLIF(SUM(x.component_count), 0) END
           AS split_rate,
       CASE WHEN COUNT(*) > 1 THEN CAST(SUM(x.merge_count) AS REAL) / NULLIF(SUM(x.component_count), 0) END
           AS merge_rate,
       CASE WHEN COUNT(*) > 1 THEN l.mean_component_lifetime END AS mean_component_lifetime,
       AVG(x.object_count) AS mean_object_count,
       slope(x.time, x.object_count) AS object_count_slope,
       AVG(x.branch_length) AS mean_branch_length,
       AVG(x.networks_per_individual) AS networks_per_individual,
       AVG(x.object_area) AS mean_object_area,
       AVG(x.object_density) AS object_density,
       AVG(x.area_fraction) AS area_fraction
FROM framed AS x
JOIN period AS p ON p.name = x.period
LEFT JOIN drift AS d ON d.cell_id = x.cell_id AND d.period = x.period
LEFT JOIN lifetime AS l ON l.cell_id = x.cell_id AND l.period = x.period
GROUP BY x.cell_id, x.period
ORDER BY x.condition, x.path, x.label, p.ordinal;

"""#,
        "cell_summary.sql": #"""
-- title: Cell summary
-- description: The query cell_features for one condition, or for all: one row per cell
--   with the network and morphology features over time that conditions are compared on
--   (see plexus query --list for their definitions).
-- uses: cell_features
-- param: condition = NULL  (one condition, or all when NULL)
SELECT * FROM cell_features
WHERE :condition IS NULL OR condition = :condition
ORDER BY condition, cell_id;

"""#,
        "centrality_correlation.sql": #"""
-- title: Centrality correlation with the first frame
-- description: Per processed frame of each cell: the Spearman rank correlation of
--   the nodes' eigenvector centralities with those of the cell's first frame with
--   centralities (1 = the same nodes are central as at the start). The two frames are
--   compared over the union of their nodes, a node absent from one of them (not yet born,
--   or gone) having centrality 0 there: eigenvector centralities are ≥ 0, so an absent
--   node ranks at the bottom, and the absent nodes of a frame share their average rank
--   (spearman() gives tied values their average rank, as scipy's spearmanr). NULL when
--   either side is constant over the union (e.g. a single node). Under fixed K the
--   union is every node.
-- param: cell_id = NULL  (one cell, or every cell when NULL)
WITH frames AS (
    SELECT DISTINCT cell_id, t FROM node_metric
    WHERE eigenvector_centrality IS NOT NULL AND (:cell_id IS NULL OR cell_id = :cell_id)
),
first_frame AS (
    SELECT cell_id, MIN(t) AS t FROM frames GROUP BY cell_id
),
-- Each frame's nodes beside the first frame's, over their union: each frame's own
-- values, and the first frame's repeated for every frame (equality joins on
-- node_metric's key).
paired AS (
    SELECT cell_id, t, k, MAX(base) AS base, MAX(value) AS value
    FROM (SELECT f.cell_id, f.t, n.k, NULL AS base, n.eigenvector_centrality AS value
          FROM frames AS f
          JOIN node_metric AS n ON n.cell_id = f.cell_id AND n.t = f.t
          WHERE n.eigenvector_centrality IS NOT NULL
          UNION ALL
          SELECT f.cell_id, f.t, n.k, n.eigenvector_centrality, NULL
          FROM frames AS f
          JOIN first_frame AS ff ON ff.cell_id = f.cell_id
          JOIN node_metric AS n ON n.cell_id = ff.cell_id AND n.t = ff.t
          WHERE n.eigenvector_centrality IS NOT NULL)
    GROUP BY cell_id, t, k
),
frame_correlation AS (
    SELECT cell_id, t, spearman(COALESCE(base, 0.0), COALESCE(value, 0.0)) AS spearman_with_first
    FROM paired
    GROUP BY cell_id, t
)
SELECT cell_id, t, spearman_with_first FROM frame_correlation ORDER BY cell_id, t;

"""#,
        "centrality_drift.sql": #"""
-- title: Centrality drift
-- description: How node importance shifts over time, per cell: the mean |slope| of
--   the nodes' eigenvector centrality over time (least squares, per node over its own
--   lifetime: see node_centrality_drift; nodes seen in a single frame have no slope and
--   are left out of the mean, but counted in nodes), and the Spearman correlation of
--   each frame's centrality vector with the cell's first frame's over the union of the
--   two frames' nodes, an absent node at 0 (per frame: see centrality_correlation),
--   averaged and at the last frame.
--   Time is time_s, or the frame index t when the frame interval is unknown.
-- uses: node_centrality_drift, centrality_correlation
-- param: cell_id = NULL  (one cell, or every cell when NULL)
SELECT s.cell_id, v.condition, COUNT(*) AS nodes, AVG(ABS(s.slope)) AS mean_abs_slope,
       (SELECT AVG(spearman_with_first) FROM centrality_correlation AS fc WHERE fc.cell_id = s.cell_id)
           AS mean_spearman_with_first,
       (SELECT spearman_with_first FROM centrality_correlation AS fc WHERE fc.cell_id = s.cell_id
        ORDER BY fc.t DESC LIMIT 1) AS last_spearman_with_first
FROM node_centrality_drift AS s
JOIN cell AS c ON c.id = s.cell_id
JOIN video AS v ON v.id = c.video_id
GROUP BY s.cell_id
ORDER BY s.cell_id;

"""#,
        "component_events.sql": #"""
-- title: Component events
-- description: How each cell's mixture changes structure, per frame: the live component
--   count (the frame's nodes) and the births, deaths, splits (fission) and merges
--   (fusion) in effect from that frame (frame.birth_count … merge_count; one row each in
--   component_event), with the split rate and merge rate per live component
--   (split_count / component_count, merge_count / component_count; NULL without live
--   components). One row per fitted frame, and per other processed frame where events
--   were recorded (status says which: a frame where every component died is 'no_peaks').
--   Under --preset ornet K is fixed and every count is 0. Summed over a cell, Σ splits /
--   Σ component_count over its fitted frames is cell_features' split_rate.
-- param: cell_id = NULL  (one cell, or every cell when NULL)
SELECT f.cell_id, v.condition, f.t, f.time_s, f.status, f.component_count,
       f.birth_count AS births, f.death_count AS deaths, f.split_count AS splits, f.merge_count AS merges,
       CAST(f.split_count AS REAL) / NULLIF(f.component_count, 0) AS split_rate,
       CAST(f.merge_count AS REAL) / NULLIF(f.component_count, 0) AS merge_rate
FROM frame AS f
JOIN cell AS c ON c.id = f.cell_id
JOIN video AS v ON v.id = c.video_id
WHERE (f.status = 'fitted' OR f.birth_count + f.death_count + f.split_count + f.merge_count > 0)
  AND (:cell_id IS NULL OR f.cell_id = :cell_id)
ORDER BY f.cell_id, f.t;

"""#,
        "component_lineage.sql": #"""
-- title: Component lineage
-- description: Where a cell's components come from and how they end. With :k, the chain
--   of ancestors of component k through split parents: generation 0 is k itself, 1 the
--   component it split off (fission), 2 that one's parent, and so on to a component with
--   no parent; split_t is the frame at which each link was made (the row's k split off
--   parent_k). With :k NULL, one row per component of the cell, generation being its
--   number of split ancestors. Each row also gives the component's origin ('initial': of
--   the cell's first fit, 'birth': born from intensity the mixture did not explain,
--   'split'), the first and last fitted frame in which it is a component and how many
--   fitted frames that is, and its fate: 'alive' (no death or merge recorded: it lasts to
--   the cell's last processed frame), 'death' or 'merged' (into merged_into, the older
--   survivor), at end_t, the first frame without it. Merges are not part of the
--   ancestry. Under --preset ornet every component is 'initial' and 'alive'.
-- param: cell_id  (the cell)
-- param: k = NULL  (the component whose ancestors to list, or every component when NULL)
WITH RECURSIVE
present AS (
    SELECT c.k, MIN(c.t) AS first_t, MAX(c.t) AS last_t, COUNT(*) AS frames
    FROM component AS c JOIN frame AS f ON f.cell_id = c.cell_id AND f.t = c.t
    WHERE c.cell_id = :cell_id AND f.status = 'fitted'
    GROUP BY c.k
),
-- Every id of the cell: components of fitted frames and any named by an event.
ids AS (
    SELECT k FROM present
    UNION SELECT k FROM component_event WHERE cell_id = :cell_id
    UNION SELECT other_k FROM component_event WHERE cell_id = :cell_id AND other_k IS NOT NULL
),
origin AS MATERIALIZED (
    SELECT i.k,
           (SELECT MIN(e.other_k) FROM component_event AS e
            WHERE e.cell_id = :cell_id AND e.k = i.k AND e.kind = 'split') AS parent_k,
           (SELECT MIN(e.t) FROM component_event AS e
            WHERE e.cell_id = :cell_id AND e.k = i.k AND e.kind = 'split') AS split_t,
           (SELECT MIN(e.t) FROM component_event AS e
            WHERE e.cell_id = :cell_id AND e.k = i.k AND e.kind = 'birth') AS birth_t,
           (SELECT MIN(e.t) FROM component_event AS e
            WHERE e.cell_id = :cell_id AND e.k = i.k AND e.kind = 'death') AS death_t,
           (SELECT MIN(e.t) FROM component_event AS e
            WHERE e.cell_id = :cell_id AND e.other_k = i.k AND e.kind = 'merge') AS merge_t,
           (SELECT e.k FROM component_event AS e
            WHERE e.cell_id = :cell_id AND e.other_k = i.k AND e.kind = 'merge' ORDER BY e.t LIMIT 1) AS merged_into
    FROM ids AS i
),
-- From each listed component up through its split parents (bounded by the number of
-- ids, so that inconsistent events cannot loop).
chain(start, generation, k) AS (
    SELECT k, 0, k FROM origin WHERE :k IS NULL OR k = :k
    UNION ALL
    SELECT ch.start, ch.generation + 1, o.parent_k
    FROM chain AS ch JOIN origin AS o ON o.k = ch.k
    WHERE o.parent_k IS NOT NULL AND ch.generation < (SELECT COUNT(*) FROM ids)
),
listed AS (
    SELECT generation, k FROM chain WHERE :k IS NOT NULL
    UNION ALL
    SELECT MAX(generation), start FROM chain WHERE :k IS NULL GROUP BY start
)
SELECT :cell_id AS cell_id, l.generation, l.k, o.parent_k, o.split_t,
       CASE WHEN o.parent_k IS NOT NULL THEN 'split' WHEN o.birth_t IS NOT NULL THEN 'birth' ELSE 'initial' END AS origin,
       p.first_t, p.last_t, COALESCE(p.frames, 0) AS frames,
       CASE WHEN o.merge_t IS NOT NULL AND (o.death_t IS NULL OR o.merge_t <= o.death_t) THEN 'merged'
            WHEN o.death_t IS NOT NULL THEN 'death' ELSE 'alive' END AS fate,
       MIN(COALESCE(o.death_t, o.merge_t), COALESCE(o.merge_t, o.death_t)) AS end_t,
       CASE WHEN o.merge_t IS NOT NULL AND (o.death_t IS NULL OR o.merge_t <= o.death_t) THEN o.merged_into END AS merged_into
FROM listed AS l
JOIN origin AS o ON o.k = l.k
LEFT JOIN present AS p ON p.k = l.k
ORDER BY CASE WHEN :k IS NULL THEN l.k ELSE l.generation END;

"""#,
        "condition_compare.sql": #"""
-- title: Condition comparison
-- description: Each condition against :baseline, per feature of the query feature_values:
--   the units compared (cells, or replicates at :level = replicate, where a replicate is
--   the mean of its cells, so that cells of one dish are not counted as independent;
--   cells without a replicate are left out there), with cells and replicates behind
--   them; medians and quartiles; two-sided Mann–Whitney U and Welch's t p-values, each
--   also Benjamini–Hochberg adjusted across the features compared for that condition
--   (_bh); Cohen's d and Cliff's delta (condition minus baseline) with percentile
--   bootstrap confidence intervals (:confidence, :resamples resamples drawn within
--   each group, seeded by :seed; only with at least four units a side, as fewer
--   give too few distinct resamples). With fewer than two units on either side the
--   tests and intervals are NULL (not computable) and note says why; Cliff's delta is
--   still given. A condition of the database without analysed cells gets its rows too
--   ("not computable: 0 cells"). No rows when :baseline is not a condition of the
--   database. :features and :conditions are comma-separated names (spaces around
--   commas ignored) or a JSON array of names.
-- uses: feature_values
-- param: baseline = control  (the reference condition)
-- param: level = cell [cell, replicate]  (compare cells, or replicate means)
-- param: features = NULL  (feature names, comma-separated or a JSON array; all when NULL)
-- param: conditions = NULL  (conditions to compare, comma-separated or a JSON array; all when NULL)
-- param: confidence = 0.95  (confidence level of the bootstrap intervals)
-- param: resamples = 2000  (bootstrap resamples)
-- param: seed = 1  (bootstrap seed)
WITH listed(kind, name) AS (
    -- :features and :conditions as rows: a JSON array as it is, else split at commas.
    SELECT 'feature', value FROM json_each(CASE WHEN json_valid(:features) AND json_type(:features) = 'array' THEN :features END)
    UNION ALL
    SELECT 'feature', trim(value) FROM json_each('["' || replace(replace(replace(:features, '\', '\\'), '"', '\"'), ',', '","') || '"]')
    WHERE NOT (json_valid(:features) AND json_type(:features) = 'array')
    UNION ALL
    SELECT 'condition', value FROM json_each(CASE WHEN json_valid(:conditions) AND json_type(:conditions) = 'array' THEN :conditions END)
    UNION ALL
    SELECT 'condition', trim(value) FROM json_each('["' || replace(replace(replace(:conditions, '\', '\\'), '"', '\"'), ',', '","') || '"]')
    WHERE NOT (json_valid(:conditions) AND json_type(:conditions) = 'array')
),
selected AS (
    SELECT * FROM feature_values
    WHERE :features IS NULL OR feature IN (SELECT name FROM listed WHERE kind = 'feature')
),
units AS (
    SELECT condition, replicate, ordinal, feature, value, 1 AS cells
    FROM selected WHERE :level = 'cell' AND value IS NOT NULL
    UNION ALL
    SELECT condition, replicate, ordinal, feature, AVG(value), COUNT(value)
    FROM selected WHERE :level = 'replicate' AND replicate IS NOT NULL AND value IS NOT NULL
    GROUP BY condition, replicate, ordinal
),
compared AS (
    SELECT DISTINCT condition FROM video
    WHERE condition <> :baseline
      AND (:conditions IS NULL OR condition IN (SELECT name FROM listed WHERE kind = 'condition'))
      AND EXISTS (SELECT 1 FROM video WHERE condition = :baseline)
),
tested AS (
    SELECT c.condition, s.ordinal, s.feature,
           COUNT(CASE WHEN u.condition = :baseline THEN u.value END) AS baseline_n,
           COUNT(CASE WHEN u.condition = c.condition THEN u.value END) AS n,
           SUM(CASE WHEN u.condition = :baseline THEN u.cells END) AS baseline_cells,
           SUM(CASE WHEN u.condition = c.condition THEN u.cells END) AS cells,
           COUNT(DISTINCT CASE WHEN u.condition = :baseline THEN u.replicate END) AS baseline_replicates,
           COUNT(DISTINCT CASE WHEN u.condition = c.condition THEN u.replicate END) AS replicates,
           median(CASE WHEN u.condition = :baseline THEN u.value END) AS baseline_median,
           percentile(CASE WHEN u.condition = :baseline THEN u.value END, 25) AS baseline_q1,
           percentile(CASE WHEN u.condition = :baseline THEN u.value END, 75) AS baseline_q3,
           median(CASE WHEN u.condition = c.condition THEN u.value END) AS median,
           percentile(CASE WHEN u.condition = c.condition THEN u.value END, 25) AS q1,
           percentile(CASE WHEN u.condition = c.condition THEN u.value END, 75) AS q3,
           mann_whitney_p(u.value, u.condition = c.condition) AS mann_whitney_p,
           welch_t_p(u.value, u.condition = c.condition) AS welch_t_p,
           cohens_d(u.value, u.condition = c.condition) AS cohens_d,
           bootstrap_ci('cohens_d', u.value, u.condition = c.condition, :confidence, :resamples, :seed) AS cohens_d_ci,
           cliffs_delta(u.value, u.condition = c.condition) AS cliffs_delta,
           bootstrap_ci('cliffs_delta', u.value, u.condition = c.condition, :confidence, :resamples, :seed) AS cliffs_delta_ci
    FROM compared AS c
    JOIN (SELECT DISTINCT ordinal, feature FROM selected) AS s
    LEFT JOIN units AS u ON u.ordinal = s.ordinal AND u.condition IN (:baseline, c.condition)
    GROUP BY c.condition, s.ordinal
),
computable AS (
    SELECT *, baseline_n >= 2 AND n >= 2 AS ok, baseline_n >= 4 AND n >= 4 AS intervals FROM tested
),
ranked AS (
    SELECT *,
           CASE WHEN ok THEN mann_whitney_p END AS mw_p,
           CASE WHEN ok THEN welch_t_p END AS wt_p,
           COUNT(CASE WHEN ok THEN mann_whitney_p END) OVER (PARTITION BY condition) AS mw_m,
           COUNT(CASE WHEN ok THEN welch_t_p END) OVER (PARTITION BY condition) AS wt_m,
           ROW_NUMBER() OVER (PARTITION BY condition
                              ORDER BY (CASE WHEN ok THEN mann_whitney_p END) IS NULL,
                                       CASE WHEN ok THEN mann_whitney_p END, ordinal) AS mw_rank,
           ROW_NUMBER() OVER (PARTITION BY condition
                              ORDER BY (CASE WHEN ok THEN welch_t_p END) IS NULL,
                                       CASE WHEN ok THEN welch_t_p END, ordinal) AS wt_rank
    FROM computable
)
SELECT :level AS level, condition, :baseline AS baseline, feature,
       baseline_n, n, baseline_cells, cells, baseline_replicates, replicates,
       baseline_median, baseline_q1, baseline_q3, median, q1, q3,
       mw_p AS mann_whitney_p,
       CASE WHEN mw_p IS NOT NULL THEN
           MIN(1.0, MIN(mw_p * (CAST(mw_m AS REAL) / mw_rank)) OVER (PARTITION BY condition ORDER BY mw_rank DESC ROWS UNBOUNDED PRECEDING))
       END AS mann_whitney_p_bh,
       wt_p AS welch_t_p,
       CASE WHEN wt_p IS NOT NULL THEN
           MIN(1.0, MIN(wt_p * (CAST(wt_m AS REAL) / wt_rank)) OVER (PARTITION BY condition ORDER BY wt_rank DESC ROWS UNBOUNDED PRECEDING))
       END AS welch_t_p_bh,
       CASE WHEN ok THEN cohens_d END AS cohens_d,
       CASE WHEN intervals THEN cohens_d_ci ->> 0 END AS cohens_d_low,
       CASE WHEN intervals THEN cohens_d_ci ->> 1 END AS cohens_d_high,
       cliffs_delta,
       CASE WHEN intervals THEN cliffs_delta_ci ->> 0 END AS cliffs_delta_low,
       CASE WHEN intervals THEN cliffs_delta_ci ->> 1 END AS cliffs_delta_high,
       CASE WHEN baseline_n = 0 AND n = 0 THEN 'not computable: no values'
            WHEN NOT ok THEN 'not computable: ' || MIN(baseline_n, n) || ' '
                 || CASE :level WHEN 'replicate' THEN 'replicate' ELSE 'cell' END
                 || CASE WHEN MIN(baseline_n, n) = 1 THEN '' ELSE 's' END
                 || ' in ' || CASE WHEN baseline_n < n THEN :baseline ELSE condition END
            WHEN NOT intervals THEN 'no bootstrap intervals below 4 '
                 || CASE :level WHEN 'replicate' THEN 'replicates' ELSE 'cells' END || ' a side'
       END AS note
FROM ranked
ORDER BY condition, ordinal;

"""#,
        "condition_summary.sql": #"""
-- title: Condition summary
-- description: Per condition and feature: cells, frames, mean, standard deviation,
--   median and quartiles of the per-cell feature values (the query feature_values).
-- uses: feature_values
SELECT f.condition, f.feature, COUNT(f.value) AS cells,
       SUM(CASE WHEN f.value IS NOT NULL THEN f.frames END) AS frames,
       AVG(f.value) AS mean, stddev(f.value) AS sd, median(f.value) AS median,
       percentile(f.value, 25) AS q1, percentile(f.value, 75) AS q3
FROM feature_values AS f
GROUP BY f.condition, f.ordinal
ORDER BY f.condition, f.ordinal;

"""#,
        "condition_timecourse.sql": #"""
-- title: Condition time course
-- description: Per condition, metric and frame index t: the cells with a value, their
--   mean, standard deviation and a Student-t confidence interval of the mean
--   (mean ± t_{(1+:confidence)/2, n−1} · sd / √n; NULL below two cells), and the mean
--   time in seconds of that frame (NULL unless every one of those cells' videos has a
--   frame interval). Metrics: algebraic
--   connectivity, spectral gap, edge density and live component count (the nodes) of
--   each frame's network; the split and merge rates, the frame's splits and merges per
--   live component (split_count / component_count; 0 under fixed K); the Laplacian
--   gradient between a frame and the one before it over the union of their nodes (at the
--   later frame); object count and mean branch length from the morphology table (µm
--   for videos with a pixel size, px otherwise, as cell_features). Every metric is
--   non-negative, so the band's lower bound is cut at 0; edge density is a fraction, so
--   its upper bound is cut at 1.
-- uses: fitted_frames
-- param: metrics = NULL  (metric names, comma-separated or a JSON array; all when NULL)
-- param: confidence = 0.95  (confidence level of the band)
WITH listed(name) AS (
    SELECT value FROM json_each(CASE WHEN json_valid(:metrics) AND json_type(:metrics) = 'array' THEN :metrics END)
    UNION ALL
    SELECT trim(value) FROM json_each('["' || replace(replace(replace(:metrics, '\', '\\'), '"', '\"'), ',', '","') || '"]')
    WHERE NOT (json_valid(:metrics) AND json_type(:metrics) = 'array')
),
metric AS (
    SELECT 1 AS ordinal, 'algebraic_connectivity' AS name
    UNION ALL SELECT 2, 'spectral_gap'
    UNION ALL SELECT 3, 'edge_density'
    UNION ALL SELECT 4, 'component_count'
    UNION ALL SELECT 5, 'split_rate'
    UNION ALL SELECT 6, 'merge_rate'
    UNION ALL SELECT 7, 'laplacian_gradient'
    UNION ALL SELECT 8, 'object_count'
    UNION ALL SELECT 9, 'mean_branch_length'
),
long AS (
    SELECT x.condition, x.cell_id, x.t, x.time_s, m.ordinal, m.name AS metric,
           CASE m.name
               WHEN 'algebraic_connectivity' THEN x.algebraic_connectivity
               WHEN 'spectral_gap' THEN x.spectral_gap
               WHEN 'edge_density' THEN x.edge_density
               WHEN 'component_count' THEN x.component_count
               WHEN 'split_rate' THEN x.split_rate
               WHEN 'merge_rate' THEN x.merge_rate
               WHEN 'laplacian_gradient' THEN x.laplacian_gradient
               WHEN 'object_count' THEN x.object_count
               WHEN 'mean_branch_length' THEN x.branch_length
           END AS value
    FROM fitted_frames AS x
    CROSS JOIN metric AS m
    WHERE :metrics IS NULL OR m.name IN (SELECT name FROM listed)
),
summary AS (
    SELECT condition, ordinal, metric, t,
           CASE WHEN COUNT(CASE WHEN value IS NOT NULL THEN time_s END) = COUNT(value) THEN AVG(time_s) END AS time_s,
           COUNT(value) AS cells,
           AVG(value) AS mean, stddev(value) AS sd
    FROM long
    GROUP BY condition, ordinal, t
    HAVING COUNT(value) > 0
)
SELECT condition, metric, t, time_s, cells, mean, sd,
       CASE WHEN cells >= 2 THEN MAX(0.0, mean - student_t_quantile((1 + :confidence) / 2, cells - 1) * sd / sqrt(cells)) END AS ci_low,
       CASE WHEN cells >= 2 THEN MIN(CASE WHEN metric = 'edge_density' THEN 1.0 ELSE 1e308 END,
                                     mean + student_t_quantile((1 + :confidence) / 2, cells - 1) * sd / sqrt(cells)) END AS ci_high
FROM summary
ORDER BY condition, ordinal, t;

"""#,
        "conditions.sql": #"""
-- title: Conditions
-- description: The conditions of the database: videos, cells, distinct replicates (of
--   the sample sheet; 0 without them), fitted frames, and the videos with a known pixel
--   size (calibrated_videos: the others' lengths and areas are in px) of each.
SELECT v.condition, COUNT(DISTINCT v.id) AS videos, COUNT(DISTINCT c.id) AS cells,
       COUNT(DISTINCT v.replicate) AS replicates,
       COUNT(DISTINCT CASE WHEN v.pixel_size_um IS NOT NULL THEN v.id END) AS calibrated_videos,
       (SELECT COUNT(*) FROM frame AS f JOIN cell AS c2 ON c2.id = f.cell_id JOIN video AS v2 ON v2.id = c2.video_id
        WHERE v2.condition = v.condition AND f.status = 'fitted') AS fitted_frames
FROM video AS v
LEFT JOIN cell AS c ON c.video_id = v.id
GROUP BY v.condition
ORDER BY v.condition;

"""#,
        "feature_values.sql": #"""
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

"""#,
        "features.sql": #"""
-- title: Features
-- description: The per-cell features that conditions are compared on, the one list of
--   them: their order in reports (ordinal), name (the column of cell_features), the label
--   and meaning a report shows, and whether the feature is a mean over frames (per_frame =
--   1: frame_feature_values gives its value in each frame). period_feature_values and
--   frame_feature_values take their features from here, and plexus report and plexus
--   phenotypes their labels.
SELECT 1 AS ordinal, 'mean_laplacian_gradient' AS feature, 'mean Laplacian gradient' AS label,
       '‖L(t′) − L(t)‖_F / Δt over the union of the two frames'' components, averaged over consecutive frames: how fast the network rewires, births and deaths included' AS meaning,
       0 AS per_frame
UNION ALL SELECT 2, 'centrality_drift', 'centrality drift',
       'mean |slope| of the components'' eigenvector centrality (unitless, unit norm) over each component''s lifetime',
       0
UNION ALL SELECT 3, 'algebraic_connectivity_slope', 'λ₂ slope',
       'slope over time of the algebraic connectivity λ₂ of L',
       0
UNION ALL SELECT 4, 'mean_algebraic_connectivity', 'mean λ₂',
       'mean algebraic connectivity λ₂ of L = D − W_s: how well connected the component network is, 0 when it falls apart',
       1
UNION ALL SELECT 5, 'spectral_gap_slope', 'spectral gap slope',
       'slope over time of λ₂ of the normalised Laplacian (unitless)',
       0
UNION ALL SELECT 6, 'mean_edge_density', 'mean edge density',
       'stored edges / K(K − 1), averaged over frames',
       1
UNION ALL SELECT 7, 'component_count_slope', 'live component count slope',
       'slope over time of the number of live Gaussian components (network nodes)',
       0
UNION ALL SELECT 8, 'split_rate', 'split rate',
       'component splits (fission) per live component per frame',
       0
UNION ALL SELECT 9, 'merge_rate', 'merge rate',
       'component merges (fusion) per live component per frame',
       0
UNION ALL SELECT 10, 'mean_component_lifetime', 'mean component lifetime',
       'fitted frames a component is present in, averaged over the cell''s components (those present at the first or last frame counted as seen)',
       0
UNION ALL SELECT 11, 'mean_object_count', 'mean object count',
       'thresholded objects per frame',
       1
UNION ALL SELECT 12, 'object_count_slope', 'object count slope',
       'slope over time of the number of thresholded objects (fragmentation)',
       0
UNION ALL SELECT 13, 'mean_branch_length', 'mean branch length',
       'mean length of skeleton branches along the skeleton (elongation); µm with a pixel size, px without',
       1
UNION ALL SELECT 14, 'networks_per_individual', 'networks per individual',
       'branched networks / unbranched individuals',
       1
UNION ALL SELECT 15, 'mean_object_area', 'mean object area',
       'mean area of the thresholded objects (smaller when the network fragments); µm² with a pixel size, px² without',
       1
UNION ALL SELECT 16, 'object_density', 'object density',
       'objects per 100 µm² of the cell (per 10,000 px² without a pixel size)',
       1
UNION ALL SELECT 17, 'area_fraction', 'area fraction',
       'thresholded (mitochondrial) area / cell area',
       1;

"""#,
        "fitted_frames.sql": #"""
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

"""#,
        "frame_feature_values.sql": #"""
-- title: Frame feature values
-- description: The per-frame values behind the cell features that are means over frames:
--   one row per fitted frame of each cell and per such feature (cell_id, video_id,
--   condition, replicate, t, time_s, ordinal, feature, value), named and numbered as the
--   query feature_values names and numbers the cell features, so that a feature's mean
--   over a cell's frames (NULLs left out) is the cell's value in feature_values. The
--   features (those of the query features with per_frame = 1) are mean_algebraic_connectivity (the frame's algebraic connectivity),
--   mean_edge_density, mean_object_count, mean_branch_length, networks_per_individual,
--   mean_object_area, object_density and area_fraction, in the units fitted_frames gives.
--   The features over time (Laplacian gradient, centrality drift, slopes, split and merge
--   rates, component lifetime) have no value in one frame and are not listed. NULL values
--   are kept (morphology after --no-morphology). Rows are listed by condition, video path,
--   label, frame and feature. plexus phenotypes draws each cell's path through the
--   phenotype space from it.
-- uses: fitted_frames, features
-- param: cell_id = NULL  (one cell, or every cell when NULL)
SELECT x.cell_id, x.video_id, x.condition, x.replicate, x.t, x.time_s, f.ordinal, f.feature,
       CASE f.feature
           WHEN 'mean_algebraic_connectivity' THEN x.algebraic_connectivity
           WHEN 'mean_edge_density' THEN x.edge_density
           WHEN 'mean_object_count' THEN x.object_count
           WHEN 'mean_branch_length' THEN x.branch_length
           WHEN 'networks_per_individual' THEN x.networks_per_individual
           WHEN 'mean_object_area' THEN x.object_area
           WHEN 'object_density' THEN x.object_density
           WHEN 'area_fraction' THEN x.area_fraction
       END AS value
FROM fitted_frames AS x
CROSS JOIN features AS f
WHERE f.per_frame = 1 AND (:cell_id IS NULL OR x.cell_id = :cell_id)
ORDER BY x.condition, x.path, x.label, x.t, f.ordinal;

"""#,
        "frame_network.sql": #"""
-- title: Frame network
-- description: The network of one cell at one frame, for drawing it: a row per
--   component (kind = 'component': k, weight, mean (x = column, y = row, px) and the
--   covariance's ellipse — semi-axes at one standard deviation and the angle of the
--   major axis from the x axis, degrees), then a row per undirected edge (kind = 'edge':
--   k and other = the two components, both ends' means, weight = the symmetrised
--   affinity (W[i][j] + W[j][i]) / 2 used for the Laplacian). Every row also carries
--   the frame's size in px (frame_width, frame_height).
-- param: cell_id  (the cell)
-- param: t  (the frame index)
WITH components AS (
    SELECT k, weight, mean_col AS x, mean_row AS y, cov_cc AS sxx, cov_rc AS sxy, cov_rr AS syy,
           (cov_cc + cov_rr) / 2 AS centre,
           sqrt(((cov_cc - cov_rr) / 2) * ((cov_cc - cov_rr) / 2) + cov_rc * cov_rc) AS radius
    FROM component WHERE cell_id = :cell_id AND t = :t
),
pairs AS (
    SELECT MIN(src, dst) AS a, MAX(src, dst) AS b, SUM(weight) / 2 AS weight
    FROM edge WHERE cell_id = :cell_id AND t = :t
    GROUP BY MIN(src, dst), MAX(src, dst)
),
size AS (
    SELECT v.width AS frame_width, v.height AS frame_height
    FROM cell AS c JOIN video AS v ON v.id = c.video_id WHERE c.id = :cell_id
)
SELECT 'component' AS kind, k, NULL AS other, weight, x, y, NULL AS x2, NULL AS y2,
       sqrt(centre + radius) AS semi_major, sqrt(MAX(centre - radius, 0)) AS semi_minor,
       degrees(atan2(2 * sxy, sxx - syy) / 2) AS angle_deg, frame_width, frame_height
FROM components, size
UNION ALL
SELECT 'edge', p.a, p.b, p.weight, ca.x, ca.y, cb.x, cb.y, NULL, NULL, NULL, frame_width, frame_height
FROM pairs AS p
JOIN components AS ca ON ca.k = p.a
JOIN components AS cb ON cb.k = p.b
CROSS JOIN size
ORDER BY 1, 2, 3;

"""#,
        "ingest_runs.sql": #"""
-- title: Ingest runs
-- description: The ingest runs behind the database: when, which tool version, the
--   command line, status, how many videos and cells each stored, and every analysis
--   parameter (parameters_json). shard is I/N for a run of `plexus ingest --shard I/N`
--   (NULL otherwise), batch_sha256 the batch it belongs to (the SHA-256 of its sample
--   sheet), merged_from the database a run was merged from by `plexus merge`.
SELECT r.id AS run, r.started_at, r.finished_at, r.status,
       CASE WHEN r.shard_count IS NULL THEN NULL ELSE r.shard_index || '/' || r.shard_count END AS shard,
       r.tool_version,
       COUNT(DISTINCT v.id) AS videos, COUNT(c.id) AS cells,
       r.command_line, r.parameters_json, r.batch_sha256, r.merged_from
FROM ingest_run AS r
LEFT JOIN video AS v ON v.ingest_run_id = r.id
LEFT JOIN cell AS c ON c.video_id = v.id
GROUP BY r.id
ORDER BY r.id;

"""#,
        "laplacian_gradient.sql": #"""
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

"""#,
        "node_centrality_drift.sql": #"""
-- title: Node centrality drift
-- description: Per node (component k) of each cell: the least-squares slope of its
--   eigenvector centrality over time across the node's own lifetime — the frames in
--   which it is a node with a centrality, from first_t to last_t — and how many frames
--   those are. A node seen in one frame has no slope (NULL). Under fixed K every node
--   lives through every frame. Time is time_s, or the frame index t when the frame
--   interval is unknown.
-- param: cell_id = NULL  (one cell, or every cell when NULL)
WITH centrality AS (
    SELECT n.cell_id, n.t, COALESCE(f.time_s, f.t) AS time, n.k, n.eigenvector_centrality AS value
    FROM node_metric AS n JOIN frame AS f ON f.cell_id = n.cell_id AND f.t = n.t
    WHERE n.eigenvector_centrality IS NOT NULL AND (:cell_id IS NULL OR n.cell_id = :cell_id)
),
node_slope AS (
    SELECT cell_id, k, COUNT(*) AS frames, MIN(t) AS first_t, MAX(t) AS last_t, slope(time, value) AS slope
    FROM centrality GROUP BY cell_id, k
)
SELECT cell_id, k, frames, first_t, last_t, slope FROM node_slope ORDER BY cell_id, k;

"""#,
        "node_laplacian_gradient.sql": #"""
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

"""#,
        "period_feature_values.sql": #"""
-- title: Period feature values
-- description: The query cell_period_features in long form: one row per cell, period and
--   feature (cell_id, period, video_id, condition, replicate, treatment_frame, frames,
--   first_t, last_t, frame_interval_s, ordinal, feature, value), features numbered in the
--   order reports list them (the query features). Period 'all' is every fitted frame (the query feature_values);
--   'before' and 'after' split a treated cell's frames at its treatment frame. NULL values
--   are kept (a feature the database cannot give, such as morphology after
--   --no-morphology, or a feature over time in a period with one fitted frame).
--   Rows are listed by condition, video path, label, period and feature, an order that
--   does not depend on how ingest numbered the cells (so cross-validation folds drawn
--   in this order are the same for every ingest of the same videos).
--   feature_values and treatment_compare build on it.
-- uses: cell_period_features, features
SELECT p.cell_id, p.period, p.video_id, p.condition, p.replicate, p.treatment_frame, p.frames, p.first_t, p.last_t,
       p.frame_interval_s, f.ordinal, f.feature,
       CASE f.feature
           WHEN 'mean_laplacian_gradient' THEN mean_laplacian_gradient
           WHEN 'centrality_drift' THEN centrality_drift
           WHEN 'algebraic_connectivity_slope' THEN algebraic_connectivity_slope
           WHEN 'mean_algebraic_connectivity' THEN mean_algebraic_connectivity
           WHEN 'spectral_gap_slope' THEN spectral_gap_slope
           WHEN 'mean_edge_density' THEN mean_edge_density
           WHEN 'component_count_slope' THEN component_count_slope
           WHEN 'split_rate' THEN split_rate
           WHEN 'merge_rate' THEN merge_rate
           WHEN 'mean_component_lifetime' THEN mean_component_lifetime
           WHEN 'mean_object_count' THEN mean_object_count
           WHEN 'object_count_slope' THEN object_count_slope
           WHEN 'mean_branch_length' THEN mean_branch_length
           WHEN 'networks_per_individual' THEN networks_per_individual
           WHEN 'mean_object_area' THEN mean_object_area
           WHEN 'object_density' THEN object_density
           WHEN 'area_fraction' THEN area_fraction
       END AS value
FROM cell_period_features AS p
JOIN cell AS c ON c.id = p.cell_id
JOIN video AS v ON v.id = p.video_id
CROSS JOIN features AS f
ORDER BY p.condition, v.path, c.label, CASE p.period WHEN 'all' THEN 1 WHEN 'before' THEN 2 ELSE 3 END, f.ordinal;

"""#,
        "spectral_distance.sql": #"""
-- title: Spectral distance
-- description: ‖λ(t′) − λ(t)‖₂ between the Laplacian spectra of consecutive processed
--   frames of each cell, and its z-score against the preceding :window distances
--   (NULL until two are available), to flag abrupt changes. Frames with different node
--   sets are compared over the union of their nodes: the Laplacian of a frame on the
--   union has a zero row and column per absent node, hence one more zero eigenvalue
--   each; so the shorter spectrum is padded with zeros at its low end and the
--   eigenvalues are matched from the largest down (the j-th largest with the j-th
--   largest). A frame without nodes is all zeros. Under fixed K the spectra have the
--   same length and this is the plain ‖λ(t′) − λ(t)‖₂. This replaces the published
--   mean-eigenvalue anomaly test, whose statistic is constant (the mean eigenvalue of
--   L_n is 1 whenever no node is isolated).
-- param: cell_id = NULL  (one cell, or every cell when NULL)
-- param: laplacian = combinatorial [combinatorial, normalized]  (which spectrum)
-- param: window = 10  (trailing distances the z-score compares with)
-- A fitted frame's spectra have one eigenvalue per live component.
WITH frames AS MATERIALIZED (
    SELECT cell_id, t, component_count AS n, LAG(t) OVER w AS previous, LAG(component_count) OVER w AS previous_n
    FROM frame
    WHERE status = 'fitted' AND (:cell_id IS NULL OR cell_id = :cell_id)
    WINDOW w AS (PARTITION BY cell_id ORDER BY t)
),
-- Eigenvalues numbered from the largest down (j = n − 1 − i, j = 0 the largest):
-- padding the shorter spectrum with zeros at the low end matches equal j, and an
-- unmatched eigenvalue meets a padded zero.
difference AS (
    SELECT f.cell_id, f.t,
           CASE WHEN s.t = f.t THEN f.n ELSE f.previous_n END - 1 - s.i AS j,
           SUM(CASE WHEN s.t = f.t THEN s.eigenvalue ELSE -s.eigenvalue END) AS d
    FROM frames AS f
    JOIN spectrum AS s ON s.cell_id = f.cell_id AND s.t IN (f.t, f.previous) AND s.laplacian = :laplacian
    WHERE f.previous IS NOT NULL
    GROUP BY f.cell_id, f.t, j
),
distance AS (
    SELECT f.cell_id, f.previous AS t_from, f.t AS t_to, COALESCE(x.distance, 0.0) AS distance
    FROM frames AS f
    LEFT JOIN (SELECT cell_id, t, SQRT(SUM(d * d)) AS distance FROM difference GROUP BY cell_id, t) AS x
           ON x.cell_id = f.cell_id AND x.t = f.t
    WHERE f.previous IS NOT NULL
),
trailing AS (
    SELECT *,
           COUNT(distance) OVER w AS n,
           AVG(distance) OVER w AS mean,
           AVG(distance * distance) OVER w AS mean_square
    FROM distance
    WINDOW w AS (PARTITION BY cell_id ORDER BY t_to ROWS BETWEEN :window PRECEDING AND 1 PRECEDING)
)
SELECT cell_id, t_from, t_to, distance,
       CASE WHEN n >= 2 AND mean_square - mean * mean > 0
            THEN (distance - mean) / SQRT((mean_square - mean * mean) * n / (n - 1))
       END AS z_score
FROM trailing
ORDER BY cell_id, t_to;

"""#,
        "spectral_timeline.sql": #"""
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

"""#,
        "treatment_compare.sql": #"""
-- title: Treatment comparison
-- description: Each cell's features after its treatment frame against before it, per
--   condition and feature of the query period_feature_values: the cells with both values
--   (n, the pairs; treated_cells, the condition's cells with a treatment frame), the
--   medians and quartiles before and after, the median of the paired differences (after −
--   before) with a percentile bootstrap interval (:confidence, :resamples resamples of the
--   cells, seeded by :seed; only with at least four pairs), the two-sided Wilcoxon
--   signed-rank p-value of the differences (wilcoxon_p: scipy.stats.wilcoxon's defaults)
--   and the same Benjamini–Hochberg adjusted across the features of the condition whose
--   test is computable (_bh), and the matched-pairs rank-biserial correlation (positive
--   when values rise after the treatment). Before is every fitted frame t < treatment_frame,
--   after every t ≥ treatment_frame; a feature over time needs two fitted frames in each
--   period. With fewer than two pairs the test is NULL (not computable) and note says why.
--   Only conditions with a treated cell have rows. :features is a comma-separated list of
--   names (spaces around commas ignored) or a JSON array of names.
-- uses: period_feature_values
-- param: features = NULL  (feature names, comma-separated or a JSON array; all when NULL)
-- param: confidence = 0.95  (confidence level of the bootstrap intervals)
-- param: resamples = 2000  (bootstrap resamples)
-- param: seed = 1  (bootstrap seed)
WITH listed(name) AS (
    SELECT value FROM json_each(CASE WHEN json_valid(:features) AND json_type(:features) = 'array' THEN :features END)
    UNION ALL
    SELECT trim(value) FROM json_each('["' || replace(replace(replace(:features, '\', '\\'), '"', '\"'), ',', '","') || '"]')
    WHERE NOT (json_valid(:features) AND json_type(:features) = 'array')
),
treated AS (
    SELECT condition, ordinal, feature, COUNT(DISTINCT cell_id) AS treated_cells
    FROM period_feature_values
    WHERE period = 'all' AND treatment_frame IS NOT NULL
      AND (:features IS NULL OR feature IN (SELECT name FROM listed))
    GROUP BY condition, ordinal
),
pair AS (
    SELECT b.condition, b.ordinal, b.cell_id, b.value AS before, a.value AS after, a.value - b.value AS difference
    FROM period_feature_values AS b
    JOIN period_feature_values AS a ON a.cell_id = b.cell_id AND a.ordinal = b.ordinal AND a.period = 'after'
    WHERE b.period = 'before' AND b.value IS NOT NULL AND a.value IS NOT NULL
),
tested AS (
    SELECT t.condition, t.ordinal, t.feature, t.treated_cells, COUNT(p.difference) AS n,
           median(p.before) AS before_median, percentile(p.before, 25) AS before_q1, percentile(p.before, 75) AS before_q3,
           median(p.after) AS after_median, percentile(p.after, 25) AS after_q1, percentile(p.after, 75) AS after_q3,
           median(p.difference) AS median_difference,
           bootstrap_median_ci(p.difference, :confidence, :resamples, :seed) AS median_difference_ci,
           wilcoxon_p(p.difference) AS wilcoxon_p,
           wilcoxon_rank_biserial(p.difference) AS rank_biserial
    FROM treated AS t
    LEFT JOIN pair AS p ON p.condition = t.condition AND p.ordinal = t.ordinal
    GROUP BY t.condition, t.ordinal
),
ranked AS (
    SELECT *,
           CASE WHEN n >= 2 THEN wilcoxon_p END AS p,
           COUNT(CASE WHEN n >= 2 THEN wilcoxon_p END) OVER (PARTITION BY condition) AS m,
           ROW_NUMBER() OVER (PARTITION BY condition
                              ORDER BY (CASE WHEN n >= 2 THEN wilcoxon_p END) IS NULL,
                                       CASE WHEN n >= 2 THEN wilcoxon_p END, ordinal) AS rank
    FROM tested
)
SELECT condition, feature, treated_cells, n,
       before_median, before_q1, before_q3, after_median, after_q1, after_q3,
       median_difference,
       CASE WHEN n >= 4 THEN median_difference_ci ->> 0 END AS median_difference_low,
       CASE WHEN n >= 4 THEN median_difference_ci ->> 1 END AS median_difference_high,
       p AS wilcoxon_p,
       CASE WHEN p IS NOT NULL THEN
           MIN(1.0, MIN(p * (CAST(m AS REAL) / rank)) OVER (PARTITION BY condition ORDER BY rank DESC ROWS UNBOUNDED PRECEDING))
       END AS wilcoxon_p_bh,
       CASE WHEN n >= 2 THEN rank_biserial END AS rank_biserial,
       CASE WHEN n = 0 THEN 'not computable: no cell has the feature both before and after the treatment'
            WHEN n < 2 THEN 'not computable: 1 cell with the feature both before and after the treatment'
            WHEN n < 4 THEN 'no bootstrap interval below 4 cells'
       END AS note
FROM ranked
ORDER BY condition, ordinal;

"""#,
    ]
}
