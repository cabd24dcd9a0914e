/// The grid of test images a model got wrong, each captioned `true -> predicted`.
extension ImageGrid {
    /// The first `limit` images of `data` whose prediction differs from the label, in data
    /// order, each stretched to its own range (so normalised images show as they looked), or
    /// nil when there are none or the data are not images (flat features). Each image is drawn
    /// 5 screen pixels per pixel (140 px for 28): at the default 72 px, captions such as
    /// `Ankle boot -> Sneaker` ran into their neighbours.
    ///
    /// ```swift
    /// let grid = ImageGrid.misclassified(in: test, predictions: predictions(of: model, on: test))
    /// report.figures["misclassified.svg"] = grid?.svg()
    /// ```
    public static func misclassified(in data: Dataset, predictions: [Int], limit: Int = 32) -> ImageGrid? {
        check(predictions.count == data.count,
              "ImageGrid.misclassified: \(predictions.count) predictions for \(data.count) images")
        guard data.imageShape.count == 2 || (data.imageShape.count == 3 && [1, 3].contains(data.imageShape[2])) else { return nil }
        let wrong = Array(data.labels.indices.lazy.filter { data.labels[$0] != predictions[$0] }.prefix(limit))
        guard !wrong.isEmpty else { return nil }
        let images = data.subset(wrong).unflattened().images
        let labels = wrong.map { "\(data.classNames[data.labels[$0]]) -> \(data.classNames[predictions[$0]])" }
        return ImageGrid(images, title: "Misclassified test images (true -> predicted)", labels: labels,
                         scaling: .perImage, columns: 8, pixelSize: 5)
    }
}
