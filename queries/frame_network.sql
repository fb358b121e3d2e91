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
