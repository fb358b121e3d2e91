import Foundation
import PlexusStore

/// Names for people: what each per-cell feature (query cell_features) and each
/// time-course metric (query condition_timecourse) is called in a report, and
/// the unit its numbers are in for the experiment at hand. An unknown name (a
/// feature of a user's own query) is shown as it is, without a unit.
package enum FeatureLabels {
    /// The units of one report's numbers, from what its videos know: lengths in
    /// µm with a pixel size (px without), slopes per second with a frame
    /// interval (per frame without), and the edge weights' unit, which λ₂ and
    /// the Laplacian carry (under the pdf affinity a density, px⁻²; the
    /// Hellinger and KL affinities are unitless).
    package struct Units: Sendable, Equatable {
        /// "µm", "px", or "µm or px" when the videos are mixed.
        package var length: String
        /// "µm²", "px²", or "µm² or px²".
        package var area: String
        /// The area objects are counted per: "100 µm²", "10,000 px²", or both.
        package var densityArea: String
        /// "s", "frame", or "s or frame".
        package var time: String
        /// "px⁻²" under the pdf affinity; nil when the weights are unitless
        /// (or runs used affinities of different units).
        package var weight: String?

        package init(length: String, area: String, densityArea: String, time: String, weight: String?) {
            self.length = length
            self.area = area
            self.densityArea = densityArea
            self.time = time
            self.weight = weight
        }

        /// "/s" or " per frame" after a unit.
        var perTime: String { time == "s" ? "/s" : " per \(time)" }
        /// "px⁻²/s", or "per s" for a unitless quantity.
        func rate(of unit: String?) -> String {
            guard let unit else { return time == "s" ? "per s" : "per \(time)" }
            return unit + perTime
        }
    }

    /// Label and meaning by feature name, from the one list of the features:
    /// the shipped named query `features` (queries/features.sql), run once on
    /// an in-memory database. Empty only if that query cannot run, which the
    /// tests rule out.
    static let features: [String: (label: String, meaning: String)] = {
        guard let query = try? NamedQuery.catalog(folders: [])["features"],
              let connection = try? SQLiteConnection(path: ":memory:", mode: .readWriteCreate),
              let statement = try? connection.prepare(query.sql) else { return [:] }
        var features: [String: (label: String, meaning: String)] = [:]
        while (try? statement.step()) == true {
            features[statement.text(1)] = (statement.text(2), statement.text(3))
        }
        return features
    }()

    static let metrics: [String: String] = [
        "algebraic_connectivity": "algebraic connectivity λ₂",
        "spectral_gap": "spectral gap (λ₂ of L_n)",
        "edge_density": "edge density",
        "component_count": "live components",
        "split_rate": "splits per live component",
        "merge_rate": "merges per live component",
        "laplacian_gradient": "Laplacian gradient",
        "object_count": "objects",
        "mean_branch_length": "mean branch length",
    ]

    /// The unit of a per-cell feature's values; "" for an unknown feature.
    package static func unit(_ feature: String, _ units: Units) -> String {
        switch feature {
        case "mean_laplacian_gradient", "algebraic_connectivity_slope": return units.rate(of: units.weight)
        case "mean_algebraic_connectivity": return units.weight ?? "unitless"
        case "centrality_drift", "spectral_gap_slope": return units.rate(of: nil)
        case "mean_edge_density", "area_fraction": return "fraction"
        case "networks_per_individual": return "ratio"
        case "component_count_slope": return units.rate(of: "components")
        case "split_rate": return "splits per component per frame"
        case "merge_rate": return "merges per component per frame"
        case "mean_component_lifetime": return "frames"
        case "mean_object_count": return "objects"
        case "object_count_slope": return units.rate(of: "objects")
        case "mean_branch_length": return units.length
        case "mean_object_area": return units.area
        case "object_density": return "objects per \(units.densityArea)"
        default: return ""
        }
    }

    /// The unit of a time-course metric's values; "" for an unknown metric.
    package static func metricUnit(_ metric: String, _ units: Units) -> String {
        switch metric {
        case "algebraic_connectivity": return units.weight ?? "unitless"
        case "spectral_gap": return "unitless"
        case "edge_density": return "fraction"
        case "component_count": return "components"
        case "split_rate", "merge_rate": return "per component per frame"
        case "laplacian_gradient": return units.rate(of: units.weight)
        case "object_count": return "objects"
        case "mean_branch_length": return units.length
        default: return ""
        }
    }

    /// "mean λ₂" for mean_algebraic_connectivity.
    package static func label(_ feature: String) -> String { features[feature]?.label ?? feature }
    /// "mean λ₂ (px⁻²)": the label with the unit of this experiment.
    package static func label(_ feature: String, _ units: Units) -> String {
        withUnit(label(feature), unit(feature, units))
    }
    /// One sentence on what the feature measures, or "" for an unknown one.
    package static func meaning(_ feature: String) -> String { features[feature]?.meaning ?? "" }
    package static func metricLabel(_ metric: String) -> String { metrics[metric] ?? metric }
    /// "algebraic connectivity λ₂ (px⁻²)".
    package static func metricLabel(_ metric: String, _ units: Units) -> String {
        withUnit(metricLabel(metric), metricUnit(metric, units))
    }

    static func withUnit(_ label: String, _ unit: String) -> String { unit.isEmpty ? label : "\(label) (\(unit))" }
}

extension ConditionReport {
    /// The units of this report's numbers (see `FeatureLabels.Units`).
    package var units: FeatureLabels.Units {
        func either(_ calibrated: String, _ plain: String, _ state: Calibration) -> String {
            switch state {
            case .all: return calibrated
            case .none: return plain
            case .mixed: return "\(calibrated) or \(plain)"
            }
        }
        let affinities = Set(runs.compactMap { run -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(run.parametersJSON.utf8)) as? [String: Any] else { return nil }
            return object["affinity"] as? String ?? "pdf" // the default affinity
        })
        return FeatureLabels.Units(length: either("µm", "px", calibration), area: either("µm²", "px²", calibration),
                                   densityArea: either("100 µm²", "10,000 px²", calibration),
                                   time: either("s", "frame", timing),
                                   weight: affinities == ["pdf"] ? "px⁻²" : nil)
    }
}
