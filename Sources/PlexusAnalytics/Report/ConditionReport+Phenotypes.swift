extension ConditionReport {
    /// The report's cells (baseline and compared conditions) in the phenotype
    /// space of the report's features, with the report's seed, resamples and
    /// confidence, with the cells' paths through it from `frames`; or why
    /// there is none.
    static func phenotypeSpace(_ cells: [Cell], frames: [PhenotypeSpace.FrameObservation], baseline: String,
                               compared: [String], features: [String],
                               options: ReportOptions) -> (PhenotypeSpace?, String?) {
        let observations = cells.map {
            PhenotypeSpace.Observation(id: $0.id, condition: $0.condition, replicate: $0.replicate, features: $0.features)
        }
        do {
            let space = try PhenotypeSpace(
                observations: observations, conditions: [baseline] + compared, available: features, frames: frames,
                options: PhenotypeOptions(baseline: baseline, seed: options.seed, resamples: options.resamples,
                                          confidence: options.confidence))
            return (space, nil)
        } catch {
            return (nil, "\(error)")
        }
    }
}
