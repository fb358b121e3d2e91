-- title: Cell summary
-- description: The query cell_features for one condition, or for all: one row per cell
--   with the network and morphology features over time that conditions are compared on
--   (see plexus query --list for their definitions).
-- uses: cell_features
-- param: condition = NULL  (one condition, or all when NULL)
SELECT * FROM cell_features
WHERE :condition IS NULL OR condition = :condition
ORDER BY condition, cell_id;
