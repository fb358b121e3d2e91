-- Plexus database schema: the single source of truth.
--
-- Applied by versioned migrations: the "-- migration N" sections below run
-- once each, in order, and PRAGMA user_version records the last one applied. A
-- new database runs them all, an older one those it lacks, in one transaction
-- (the file moves to the current version whole or not at all). Never edit a
-- section that has shipped: add a new one. `make schema` embeds this file in
-- the program (Sources/PlexusStore/Schema+SQL.swift); a test fails when the two
-- differ.
--
-- Conventions: STRICT tables, singular snake_case names, units in column names
-- (_px, _s, _um), WITHOUT ROWID for the large per-frame tables. Coordinates are
-- (row, col) in pixels of the original video; t is the 0-based frame index in
-- the source video (with --every 10: t = 0, 10, 20, ...). Intensities are on
-- the 8-bit scale (16-bit samples divided by 257).

-- migration 1: ingest provenance, videos, cells, frames, mixture components

-- One invocation of `plexus ingest`.
CREATE TABLE ingest_run (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT NOT NULL,              -- ISO 8601, UTC
    finished_at     TEXT,                       -- NULL while running or after a kill
    tool_version    TEXT NOT NULL,
    parameters_json TEXT NOT NULL,              -- every analysis parameter of the run
    status          TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
    command_line    TEXT NOT NULL
) STRICT;

-- One source video (multi-page TIFF) analysed with one set of parameters.
CREATE TABLE video (
    id                    INTEGER PRIMARY KEY,
    ingest_run_id         INTEGER NOT NULL REFERENCES ingest_run (id),
    path                  TEXT NOT NULL,        -- as given (sheet-relative paths resolved)
    sha256                TEXT NOT NULL,        -- of the file's bytes
    parameters_sha256     TEXT NOT NULL,        -- of the run's parameters_json: same file + same
                                                -- parameters = same video (re-ingest is a no-op)
    condition             TEXT NOT NULL,
    replicate             TEXT,
    frame_count           INTEGER NOT NULL,     -- pages in the file
    processed_frame_count INTEGER NOT NULL,     -- frames analysed (after --every, --max-frames)
    height                INTEGER NOT NULL,
    width                 INTEGER NOT NULL,
    bit_depth             INTEGER NOT NULL CHECK (bit_depth IN (8, 16)),
    channel               INTEGER NOT NULL,     -- sample index read from multi-channel pages
    pixel_size_um         REAL,
    frame_interval_s      REAL,
    treatment_frame       INTEGER,              -- frame index at which the treatment was added
    metadata_json         TEXT NOT NULL,        -- extra sample-sheet columns, as an object
    UNIQUE (sha256, parameters_sha256)
) STRICT;

-- A cell of a video; without a mask the whole frame is cell label 1.
CREATE TABLE cell (
    id       INTEGER PRIMARY KEY,
    video_id INTEGER NOT NULL REFERENCES video (id) ON DELETE CASCADE,
    label    INTEGER NOT NULL,
    UNIQUE (video_id, label)
) STRICT;

-- One processed frame of one cell.
CREATE TABLE frame (
    cell_id          INTEGER NOT NULL REFERENCES cell (id) ON DELETE CASCADE,
    t                INTEGER NOT NULL,
    time_s           REAL,                      -- t × frame_interval_s; NULL when the interval is unknown
    status           TEXT NOT NULL CHECK (status IN ('fitted', 'no_peaks', 'empty')),
                                                -- no_peaks: nothing to start a mixture from yet;
                                                -- empty: no pixel above zero (the fit carries over)
    mask_area_px     INTEGER NOT NULL,
    intensity_total  REAL NOT NULL,             -- Σ intensity in the mask: the repeated-pixel sample size
    initialized_from TEXT CHECK (initialized_from IN ('peaks', 'previous_frame')),
    peak_count       INTEGER,                   -- peaks found, on frames initialised from peaks
    log_likelihood   REAL,                      -- mean log-likelihood per unit intensity (scikit-learn's lower_bound_)
    iterations       INTEGER,
    converged        INTEGER CHECK (converged IN (0, 1)),
    bic              REAL,                      -- −2·log_likelihood·intensity_total + (6K − 1)·ln(intensity_total)
    component_count  INTEGER NOT NULL,
    PRIMARY KEY (cell_id, t)
) STRICT, WITHOUT ROWID;

-- One Gaussian component k of a frame's mixture. k is stable over a video:
-- every frame starts from the previous frame's fit, so component k is node k.
CREATE TABLE component (
    cell_id     INTEGER NOT NULL,
    t           INTEGER NOT NULL,
    k           INTEGER NOT NULL,
    weight      REAL NOT NULL,
    mean_row    REAL NOT NULL,                  -- px
    mean_col    REAL NOT NULL,                  -- px
    cov_rr      REAL NOT NULL,                  -- px²
    cov_rc      REAL NOT NULL,                  -- px²
    cov_cc      REAL NOT NULL,                  -- px²
    collapsed   INTEGER NOT NULL CHECK (collapsed IN (0, 1)),   -- holds < 1 unit of intensity
    regularized INTEGER NOT NULL CHECK (regularized IN (0, 1)), -- covariance needed extra regularisation
    PRIMARY KEY (cell_id, t, k),
    FOREIGN KEY (cell_id, t) REFERENCES frame (cell_id, t) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- migration 2: networks — edges, Laplacian spectra, node metrics

-- Per-frame graph summaries (NULL on frames without a fit, and below 2 components).
ALTER TABLE frame ADD COLUMN edge_count INTEGER;             -- stored directed edges
ALTER TABLE frame ADD COLUMN edge_density REAL;              -- edge_count / (K(K − 1))
ALTER TABLE frame ADD COLUMN algebraic_connectivity REAL;    -- λ₂ of L = D − W_s
ALTER TABLE frame ADD COLUMN spectral_gap REAL;              -- λ₂ of L_n = I − D^−½ W_s D^−½
ALTER TABLE frame ADD COLUMN connected_components INTEGER;   -- eigenvalues of L_n below 1e-9; an isolated node counts one

-- The directed weight W[src][dst] between components of a frame (src ≠ dst),
-- by the run's affinity: pdf (default) N(μ_src; μ_dst, Σ_dst), hellinger 1 − H,
-- or kl exp(−KL(src ‖ dst)). A pair is not stored when (W + Wᵀ)/2 is below
-- edge_min × the weaker endpoint's strongest tie; every stored metric is
-- computed from the stored edges.
CREATE TABLE edge (
    cell_id INTEGER NOT NULL,
    t       INTEGER NOT NULL,
    src     INTEGER NOT NULL,
    dst     INTEGER NOT NULL,
    weight  REAL NOT NULL,
    PRIMARY KEY (cell_id, t, src, dst),
    FOREIGN KEY (cell_id, t) REFERENCES frame (cell_id, t) ON DELETE CASCADE,
    CHECK (src <> dst)
) STRICT, WITHOUT ROWID;

-- All eigenvalues of the frame's Laplacians, ascending (i = 0 is the smallest).
CREATE TABLE spectrum (
    cell_id    INTEGER NOT NULL,
    t          INTEGER NOT NULL,
    laplacian  TEXT NOT NULL CHECK (laplacian IN ('combinatorial', 'normalized')),
    i          INTEGER NOT NULL,
    eigenvalue REAL NOT NULL,
    PRIMARY KEY (cell_id, t, laplacian, i),
    FOREIGN KEY (cell_id, t) REFERENCES frame (cell_id, t) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Per node (component k) per frame.
CREATE TABLE node_metric (
    cell_id                INTEGER NOT NULL,
    t                      INTEGER NOT NULL,
    k                      INTEGER NOT NULL,
    strength_in            REAL NOT NULL,   -- Σ_i W[i][k]
    strength_out           REAL NOT NULL,   -- Σ_j W[k][j]
    eigenvector_centrality REAL,            -- leading eigenvector of W_s, unit norm, sum > 0; NULL without edges
    pagerank               REAL NOT NULL,   -- of the directed W, damping 0.85
    fiedler                REAL,            -- eigenvector of λ₂(L), largest-magnitude entry positive; NULL below 2 nodes
    PRIMARY KEY (cell_id, t, k),
    FOREIGN KEY (cell_id, t, k) REFERENCES component (cell_id, t, k) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- migration 3: cells — frame-0 masks carried through the video

-- The frame-0 label image a video was analysed with (ingest --mask, or the
-- sample sheet's mask column). Its hash is part of the video's identity: with a
-- mask, parameters_sha256 hashes parameters_json and mask_sha256 together, so
-- the same video with another mask is another analysis.
ALTER TABLE video ADD COLUMN mask_path TEXT;        -- NULL: no mask (whole frame, or --auto-cells)
ALTER TABLE video ADD COLUMN mask_sha256 TEXT;

-- The processed frame at which the cell's carried mask became empty (the cell
-- vanished or left the field): that frame's row has status 'empty' and
-- mask_area_px 0, and the cell has no later frames. NULL: followed to the end.
ALTER TABLE cell ADD COLUMN lost_t INTEGER;

-- A cell's mask at one processed frame: the label's pixels at frame 0, then
-- the mask carried forward (previous mask dilated by mask_search px, Otsu
-- threshold there, opening by mask_open px, dilation by mask_dilate px, pixels
-- claimed by two cells removed from both). Not stored for a whole-frame cell.
-- `plexus masks` writes them as a TIFF stack.
--
-- rle: the video's height × width pixels in row-major order as alternating run
-- lengths, the first a run of outside pixels (0 when the first pixel is inside);
-- each run an unsigned LEB128 varint (7 bits per byte, low bits first, the high
-- bit set on every byte but the last). In Python:
--   runs, value, shift = [], 0, 0
--   for byte in rle:
--       value |= (byte & 127) << shift
--       shift += 7
--       if byte < 128:
--           runs.append(value)
--           value, shift = 0, 0
--   mask = numpy.repeat(numpy.arange(len(runs)) % 2, runs).reshape(height, width)
CREATE TABLE cell_mask (
    cell_id INTEGER NOT NULL,
    t       INTEGER NOT NULL,
    rle     BLOB NOT NULL,
    PRIMARY KEY (cell_id, t),
    FOREIGN KEY (cell_id, t) REFERENCES frame (cell_id, t) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- migration 4: morphology

-- Classic morphology of each cell at each processed frame, for comparison with
-- MiNA and Mitochondria Analyzer: the smoothed frame inside the cell's mask is
-- thresholded (the run's `threshold` method; the foreground is above it), split
-- into 8-connected objects and thinned (Guo–Hall) to a skeleton whose junctions,
-- end points and branches form a graph. Means over no object or branch are NULL;
-- the _um columns are NULL when the video's pixel size is unknown.
CREATE TABLE morphology (
    cell_id                    INTEGER NOT NULL,
    t                          INTEGER NOT NULL,
    threshold                  REAL,              -- on the 8-bit scale; NULL for an empty mask
    object_count               INTEGER NOT NULL,
    area_px                    INTEGER NOT NULL,  -- foreground pixels
    area_um2                   REAL,
    mean_object_area_px        REAL,
    mean_perimeter_px          REAL,              -- scikit-image's perimeter estimate
    mean_circularity           REAL,              -- 4πA/P², at most 1
    mean_aspect_ratio          REAL,              -- major / minor axis of the second moments
    mean_eccentricity          REAL,
    branch_count               INTEGER NOT NULL,
    junction_count             INTEGER NOT NULL,
    endpoint_count             INTEGER NOT NULL,
    total_branch_length_px     REAL NOT NULL,
    total_branch_length_um     REAL,
    mean_branch_length_px      REAL,
    mean_branch_length_um      REAL,
    individuals                INTEGER NOT NULL,  -- skeleton objects without a junction (MiNA)
    networks                   INTEGER NOT NULL,  -- skeleton objects with at least one junction
    mean_network_size_branches REAL,
    skeleton_efficiency        REAL NOT NULL,     -- global efficiency of the skeleton graph
    intensity_mean             REAL,              -- of every pixel in the mask
    intensity_median           REAL,
    intensity_std              REAL,
    intensity_entropy          REAL,              -- bits, of the 256-bin histogram
    PRIMARY KEY (cell_id, t),
    FOREIGN KEY (cell_id, t) REFERENCES frame (cell_id, t) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- migration 5: components over time — births, deaths, splits and merges

-- Under the default preset the mixture follows the cell: components die, are
-- born, split and merge (see component_event), and component_count is the
-- number alive in the frame. Under --preset ornet K is fixed and these are 0.
ALTER TABLE frame ADD COLUMN birth_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE frame ADD COLUMN death_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE frame ADD COLUMN split_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE frame ADD COLUMN merge_count INTEGER NOT NULL DEFAULT 0;

-- One structural change of a cell's mixture, in effect from frame t on. k is
-- unique per cell over the whole video and never reused:
--   birth: k is born from a peak of the residual (intensity the mixture does not
--          explain) where no component claimed it; other_k NULL;
--   death: k's mass (Σ intensity × responsibility) in frame t fell below the
--          floor death_mass of ingest_run.parameters_json: k was a node of the
--          previous processed frame and is none from t on; other_k NULL;
--   split: k is born from a peak that live component other_k claimed but
--          described poorly (fission); other_k, the parent, lives on;
--   merge: k absorbed other_k (fusion): the two had become one Gaussian;
--          the survivor k is the older of the two, other_k is gone from t on.
-- Births, splits and merges were kept only because the refitted mixture's BIC
-- (as frame.bic, evaluated exactly for both mixtures) was lower: bic_change is
-- that change, shared by the changes one step made together. Deaths are the
-- floor alone (bic_change NULL); so is a first mixture after all had died.
CREATE TABLE component_event (
    cell_id    INTEGER NOT NULL,
    t          INTEGER NOT NULL,
    k          INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('birth', 'death', 'split', 'merge')),
    other_k    INTEGER,
    bic_change REAL,
    PRIMARY KEY (cell_id, t, k, kind),
    FOREIGN KEY (cell_id, t) REFERENCES frame (cell_id, t) ON DELETE CASCADE,
    CHECK ((kind IN ('split', 'merge')) = (other_k IS NOT NULL))
) STRICT, WITHOUT ROWID;

-- migration 6: what the file says — axes, calibration sources, significant bits

-- How a video's pages were read. stack_json records the file's own metadata
-- as read: {"source": "ImageJ" | "OME" | "plain" | "folder", "order": the page
-- order (slowest axis first, e.g. "TZCYX"), "size_t", "size_c", "size_z",
-- "channel_names", "z_projection" (max, mean or sum of each time point's
-- z-slices; absent without Z), "files" (a frame folder's file count),
-- "pixel_height_um" and "z_spacing_um" when the metadata gives them}.
-- frame_count is the number of time points (not pages), channel the channel
-- read (a C index of a hyperstack, or a sample of RGB pages).
-- pixel_size_um and frame_interval_s come from the sample sheet ('sheet'), the
-- command line ('option'), or the file's ImageJ or OME metadata; the *_source
-- columns say which (NULL: no value).
-- significant_bits: the bits of a sample that carry data (12 for a 12-bit
-- camera in a 16-bit file). Intensities are put on the 8-bit scale by
-- 255 / (2^significant_bits − 1); significant_bits_source is 'file' (the
-- container's depth), 'OME' (SignificantBits), 'sheet' or 'option' (--bit-depth).
ALTER TABLE video ADD COLUMN stack_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE video ADD COLUMN pixel_size_source TEXT
    CHECK (pixel_size_source IN ('sheet', 'option', 'ImageJ', 'OME'));
ALTER TABLE video ADD COLUMN frame_interval_source TEXT
    CHECK (frame_interval_source IN ('sheet', 'option', 'ImageJ', 'OME'));
ALTER TABLE video ADD COLUMN significant_bits INTEGER CHECK (significant_bits BETWEEN 1 AND 16);
ALTER TABLE video ADD COLUMN significant_bits_source TEXT
    CHECK (significant_bits_source IN ('file', 'OME', 'sheet', 'option'));

-- migration 7: morphology per cell area, branch length spread

-- mask_area_px: the pixels measured (the cell's mask, or the whole frame);
-- area_fraction = area_px / mask_area_px, the share of the cell that is
-- mitochondria; object_density_per_100um2 = objects per 100 µm² of the cell.
-- Branch lengths as AnalyzeSkeleton and MiNA measure them: along the skeleton
-- path (1 per axial step, √2 per diagonal one) from node pixel to node pixel;
-- an isolated skeleton pixel (a punctum) is one branch of length 0, a
-- two-pixel piece one branch of 1 or √2. Median and population standard
-- deviation over the frame's branches (NULL without branches). The _um and
-- _um2 columns are NULL when the video's pixel size is unknown. Rows written
-- before this migration have NULL here.
ALTER TABLE morphology ADD COLUMN mask_area_px INTEGER;
ALTER TABLE morphology ADD COLUMN mask_area_um2 REAL;
ALTER TABLE morphology ADD COLUMN mean_object_area_um2 REAL;
ALTER TABLE morphology ADD COLUMN object_density_per_100um2 REAL;
ALTER TABLE morphology ADD COLUMN area_fraction REAL;
ALTER TABLE morphology ADD COLUMN median_branch_length_px REAL;
ALTER TABLE morphology ADD COLUMN median_branch_length_um REAL;
ALTER TABLE morphology ADD COLUMN branch_length_std_px REAL;
ALTER TABLE morphology ADD COLUMN branch_length_std_um REAL;

-- migration 8: whose file it is

-- SQLite's application_id field of the file header marks a Plexus database
-- ("PLXS"): plexus writes only to a new file, to a file with this id, or to a
-- Plexus database from before this migration (id 0 with Plexus's tables), and
-- refuses any other SQLite file before changing a byte of it. Tables and
-- columns users add to a Plexus database are left alone by ingest.
PRAGMA application_id = 1347180627;

-- migration 9: interrupted runs

-- A run ends 'finished' (every video ingested or skipped), 'failed' (some
-- video failed) or 'interrupted' (SIGINT or SIGTERM: the videos in progress
-- were rolled back, those committed stay; or the process was gone when the
-- next ingest on the same host looked: killed, or crashed). pid and host
-- identify the process of a run, so that the next ingest can tell a live run
-- from a dead one; NULL for runs recorded before this migration. SQLite cannot
-- change a CHECK constraint, so the table is rebuilt (foreign keys are off
-- while migrations run, and checked before each commits).
CREATE TABLE ingest_run_v9 (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT NOT NULL,              -- ISO 8601, UTC
    finished_at     TEXT,                       -- NULL while running
    tool_version    TEXT NOT NULL,
    parameters_json TEXT NOT NULL,              -- every analysis parameter of the run
    status          TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
    command_line    TEXT NOT NULL,
    pid             INTEGER,                    -- the ingest process
    host            TEXT                        -- the machine it ran on (gethostname)
) STRICT;
INSERT INTO ingest_run_v9 (id, started_at, finished_at, tool_version, parameters_json, status, command_line)
    SELECT id, started_at, finished_at, tool_version, parameters_json, status, command_line FROM ingest_run;
DROP TABLE ingest_run;
ALTER TABLE ingest_run_v9 RENAME TO ingest_run;

-- migration 10: sharded batches and merged databases

-- `plexus ingest SHEET --shard I/N` ingests the sheet rows whose 0-based index
-- is I modulo N into a database of its own; `plexus merge` combines such
-- databases. shard_index and shard_count are I and N (NULL: not a shard);
-- batch_sha256 identifies the batch the shard belongs to: the SHA-256 of the
-- sample sheet's bytes (of the video paths given, one per line, for videos on
-- the command line), so that merge can tell which shards of a batch are
-- missing. merged_from is the database file the run was merged from by
-- `plexus merge` (NULL: ingested into this database); a run merged twice is
-- recognised by its started_at, command line, parameters, pid and host.
ALTER TABLE ingest_run ADD COLUMN shard_count INTEGER CHECK (shard_count >= 1);
ALTER TABLE ingest_run ADD COLUMN shard_index INTEGER CHECK (shard_index >= 0 AND shard_index < shard_count);
ALTER TABLE ingest_run ADD COLUMN batch_sha256 TEXT;
ALTER TABLE ingest_run ADD COLUMN merged_from TEXT;
