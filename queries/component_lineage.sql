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
