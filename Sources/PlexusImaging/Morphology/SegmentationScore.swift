import PlexusNumerics

/// Agreement of a segmentation with a ground-truth mask, pixel by pixel and
/// object by object, as the segmentation literature reports it. Scores of
/// several images pool by adding their counts (`+`), which weights every pixel,
/// and every object, equally.
package struct SegmentationScore: Equatable, Sendable {
    package var truePositives: Int
    package var falsePositives: Int
    package var falseNegatives: Int
    /// 8-connected objects of the prediction and of the truth, and the pairs
    /// matched one to one at intersection over union ≥ 0.5 (best IoU first).
    package var predictedObjects: Int
    package var truthObjects: Int
    package var matchedObjects: Int

    /// Objects match when their IoU is at least this.
    package static let matchingIoU = 0.5

    package init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0,
                predictedObjects: Int = 0, truthObjects: Int = 0, matchedObjects: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.predictedObjects = predictedObjects
        self.truthObjects = truthObjects
        self.matchedObjects = matchedObjects
    }

    package init(predicted: BinaryImage, truth: BinaryImage) {
        precondition(predicted.width == truth.width && predicted.height == truth.height,
                     "predicted and truth masks must have the same size")
        self.init()
        for i in 0..<predicted.pixels.count {
            switch (predicted.pixels[i], truth.pixels[i]) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, true): falseNegatives += 1
            case (false, false): break
            }
        }
        let predictedLabels = ConnectedComponents(predicted), truthLabels = ConnectedComponents(truth)
        predictedObjects = predictedLabels.count
        truthObjects = truthLabels.count
        matchedObjects = Self.matches(predictedLabels, truthLabels)
    }

    /// One-to-one matches at IoU ≥ `matchingIoU`, greedily from the best IoU.
    static func matches(_ predicted: ConnectedComponents, _ truth: ConnectedComponents) -> Int {
        guard predicted.count > 0, truth.count > 0 else { return 0 }
        let p = predicted.labels, t = truth.labels
        var predictedArea = [Int](repeating: 0, count: predicted.count + 1)
        var truthArea = [Int](repeating: 0, count: truth.count + 1)
        var overlap: [Int: Int] = [:]
        for i in p.indices {
            let a = Int(p[i]), b = Int(t[i])
            predictedArea[a] += 1
            truthArea[b] += 1
            if a != 0 && b != 0 { overlap[a * (truth.count + 1) + b, default: 0] += 1 }
        }
        var pairs: [(iou: Double, a: Int, b: Int)] = []
        for (key, shared) in overlap {
            let a = key / (truth.count + 1), b = key % (truth.count + 1)
            let iou = Double(shared) / Double(predictedArea[a] + truthArea[b] - shared)
            if iou >= matchingIoU { pairs.append((iou, a, b)) }
        }
        pairs.sort { ($0.iou, $1.a, $1.b) > ($1.iou, $0.a, $0.b) }
        var usedA = Set<Int>(), usedB = Set<Int>()
        for pair in pairs where !usedA.contains(pair.a) && !usedB.contains(pair.b) {
            usedA.insert(pair.a)
            usedB.insert(pair.b)
        }
        return usedA.count
    }

    /// Matched / predicted objects; nil without predicted objects.
    package var objectPrecision: Double? { predictedObjects == 0 ? nil : Double(matchedObjects) / Double(predictedObjects) }
    /// Matched / true objects; nil without true objects.
    package var objectRecall: Double? { truthObjects == 0 ? nil : Double(matchedObjects) / Double(truthObjects) }
    /// Predicted − true objects: negative when touching objects merge.
    package var objectCountError: Int { predictedObjects - truthObjects }

    package var predictedCount: Int { truePositives + falsePositives }
    package var truthCount: Int { truePositives + falseNegatives }

    /// |P ∩ T| / |P ∪ T| (intersection over union); nil when both masks are empty.
    package var jaccard: Double? {
        let union = truePositives + falsePositives + falseNegatives
        return union == 0 ? nil : Double(truePositives) / Double(union)
    }

    /// 2|P ∩ T| / (|P| + |T|) (the F1 score); nil when both masks are empty.
    package var dice: Double? {
        let sizes = predictedCount + truthCount
        return sizes == 0 ? nil : 2 * Double(truePositives) / Double(sizes)
    }

    package static func + (a: SegmentationScore, b: SegmentationScore) -> SegmentationScore {
        SegmentationScore(truePositives: a.truePositives + b.truePositives,
                          falsePositives: a.falsePositives + b.falsePositives,
                          falseNegatives: a.falseNegatives + b.falseNegatives,
                          predictedObjects: a.predictedObjects + b.predictedObjects,
                          truthObjects: a.truthObjects + b.truthObjects,
                          matchedObjects: a.matchedObjects + b.matchedObjects)
    }
}
