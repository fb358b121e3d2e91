/// Names for people: what each per-cell feature (query cell_features) and each
/// time-course metric (query condition_timecourse) is called in a report. An
/// unknown name (a feature of a user's own query) is shown as it is.
public enum FeatureLabels {
    static let features: [String: (label: String, meaning: String)] = [
        "mean_laplacian_gradient": ("mean Laplacian gradient", "‖L(t′) − L(t)‖_F / Δt over the union of the two frames' components, averaged over consecutive frames: how fast the network rewires, births and deaths included"),
        "centrality_drift": ("centrality drift", "mean |slope| of the components' eigenvector centrality over each component's lifetime"),
        "algebraic_connectivity_slope": ("λ₂ slope", "slope over time of the algebraic connectivity λ₂ of L"),
        "mean_algebraic_connectivity": ("mean λ₂", "mean algebraic connectivity λ₂ of L: how well connected the network is"),
        "spectral_gap_slope": ("spectral gap slope", "slope over time of λ₂ of the normalised Laplacian"),
        "mean_edge_density": ("mean edge density", "stored edges / K(K − 1), averaged over frames"),
        "component_count_slope": ("live component count slope", "slope over time of the number of live Gaussian components (network nodes)"),
        "split_rate": ("split rate", "component splits (fission) per live component per frame"),
        "merge_rate": ("merge rate", "component merges (fusion) per live component per frame"),
        "mean_component_lifetime": ("mean component lifetime (frames)", "fitted frames a component is present in, averaged over the cell's components (those present at the first or last frame counted as seen)"),
        "mean_object_count": ("mean object count", "thresholded objects per frame"),
        "object_count_slope": ("object count slope", "slope over time of the number of thresholded objects (fragmentation)"),
        "mean_branch_length": ("mean branch length (µm, or px)", "mean length of skeleton branches along the skeleton (elongation); µm with a pixel size, px without"),
        "networks_per_individual": ("networks per individual", "branched networks / unbranched individuals"),
        "mean_object_area": ("mean object area (µm², or px²)", "mean area of the thresholded objects (smaller when the network fragments); µm² with a pixel size, px² without"),
        "object_density": ("object density", "objects per 100 µm² of the cell (per 10,000 px² without a pixel size)"),
        "area_fraction": ("area fraction", "thresholded (mitochondrial) area / cell area"),
    ]

    static let metrics: [String: String] = [
        "algebraic_connectivity": "algebraic connectivity λ₂",
        "spectral_gap": "spectral gap (λ₂ of L_n)",
        "edge_density": "edge density",
        "component_count": "live components",
        "split_rate": "splits per live component",
        "merge_rate": "merges per live component",
        "laplacian_gradient": "Laplacian gradient",
        "object_count": "objects",
        "mean_branch_length": "mean branch length (µm, or px)",
    ]

    /// "mean λ₂" for mean_algebraic_connectivity.
    public static func label(_ feature: String) -> String { features[feature]?.label ?? feature }
    /// One sentence on what the feature measures, or "" for an unknown one.
    public static func meaning(_ feature: String) -> String { features[feature]?.meaning ?? "" }
    public static func metricLabel(_ metric: String) -> String { metrics[metric] ?? metric }
}
