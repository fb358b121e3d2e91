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
