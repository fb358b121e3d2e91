/// Agreement of a segmentation with a ground-truth mask, pixel by pixel, as the
/// segmentation literature reports it. Scores of several images pool by adding
/// their counts (`+`), which weights every pixel equally.
public struct SegmentationScore: Equatable, Sendable {
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int

    public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    public init(predicted: BinaryImage, truth: BinaryImage) {
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
    }

    public var predictedCount: Int { truePositives + falsePositives }
    public var truthCount: Int { truePositives + falseNegatives }

    /// |P ∩ T| / |P ∪ T| (intersection over union); nil when both masks are empty.
    public var jaccard: Double? {
        let union = truePositives + falsePositives + falseNegatives
        return union == 0 ? nil : Double(truePositives) / Double(union)
    }

    /// 2|P ∩ T| / (|P| + |T|) (the F1 score); nil when both masks are empty.
    public var dice: Double? {
        let sizes = predictedCount + truthCount
        return sizes == 0 ? nil : 2 * Double(truePositives) / Double(sizes)
    }

    public static func + (a: SegmentationScore, b: SegmentationScore) -> SegmentationScore {
        SegmentationScore(truePositives: a.truePositives + b.truePositives,
                          falsePositives: a.falsePositives + b.falsePositives,
                          falseNegatives: a.falseNegatives + b.falseNegatives)
    }
}
