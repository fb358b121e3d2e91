import PlexusNumerics
import PlexusStore

extension Analytics.CrossValidation {
    /// The test fold (0 ..< `folds`) of each sample, stratified by label.
    ///
    /// The rule: the classes are taken in increasing label order; each class's
    /// samples (in increasing index order) are shuffled with `random`
    /// (`SeededRandom.shuffled`), then dealt round-robin, one per
    /// fold, continuing from the fold after the one the previous class's last
    /// sample went to (the first class starts at fold 0). Hence a class of n
    /// samples has ⌊n/folds⌋ or ⌈n/folds⌉ of them in every fold, and the fold
    /// sizes differ by at most 1. Like scikit-learn's
    /// `StratifiedKFold(shuffle=True)` in spirit, not in its exact
    /// assignments.
    ///
    /// A class smaller than `folds` leaves some folds without it.
    /// - Precondition: `folds` ≥ 1.
    package static func stratifiedFolds(labels: [Int], folds: Int,
                                       random: inout SeededRandom) -> [Int] {
        precondition(folds >= 1, "stratifiedFolds needs at least 1 fold")
        var members: [Int: [Int]] = [:]
        for (i, label) in labels.enumerated() { members[label, default: []].append(i) }
        var assignment = [Int](repeating: 0, count: labels.count)
        var next = 0
        for label in members.keys.sorted() {
            for i in random.shuffled(members[label]!) {
                assignment[i] = next
                next = (next + 1) % folds
            }
        }
        return assignment
    }

    /// `stratifiedFolds(labels:folds:random:)` with a generator seeded by `seed`.
    package static func stratifiedFolds(labels: [Int], folds: Int, seed: UInt64) -> [Int] {
        var random = SeededRandom(seed: seed)
        return stratifiedFolds(labels: labels, folds: folds, random: &random)
    }
}
