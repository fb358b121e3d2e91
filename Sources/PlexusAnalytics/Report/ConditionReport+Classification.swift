extension ConditionReport {
    /// Cross-validated multinomial logistic regression of the condition on the
    /// features every cell has (`Analytics.CrossValidation`, stratified folds
    /// seeded by the report's seed). A cell without one of those features is
    /// not possible here: features missing for any cell are left out instead.
    static func classify(_ cells: [Cell], classes: [String], features: [String], options: ReportOptions) -> Classification {
        let used = features.filter { feature in cells.allSatisfy { $0.features[feature].flatMap { $0 } != nil } }
        func notComputable(_ reason: String) -> Classification {
            Classification(classes: classes, features: used, cells: cells.count, folds: nil, accuracy: nil,
                           chance: nil, confusion: nil, notComputable: reason)
        }
        guard !used.isEmpty else { return notComputable("no feature is available for every cell") }
        let rows = cells.map { cell in used.map { cell.features[$0]!! } }
        let labels = cells.map { cell in classes.firstIndex(of: cell.condition)! }
        do {
            let outcome = try Analytics.CrossValidation.run(features: rows, labels: labels, classCount: classes.count,
                                                            folds: max(options.folds, 2), seed: UInt64(bitPattern: Int64(options.seed)),
                                                            wording: .init(classNames: classes, sample: "cell"))
            switch outcome {
            case .notComputable(let reason):
                return notComputable(reason)
            case .computed(let result):
                return Classification(classes: classes, features: used, cells: cells.count, folds: result.folds,
                                      accuracy: result.accuracy, chance: result.chanceLevel,
                                      confusion: result.confusion, notComputable: nil)
            }
        } catch {
            return notComputable("\(error)")
        }
    }
}
