extension Dataset {
    /// The images of the `.npy` file at `imagesPath`, `(N, H, W)` or `(N, H, W, C)` of any
    /// numeric dtype (kept as they are, such as pixels 0...255), labelled by the 1-D integer
    /// array at `labelsPath` with labels in `0..<classNames.count`.
    ///
    /// Throws a ``DataError`` for a file that does not read or convert, a wrong rank, counts
    /// that differ, or a label out of range.
    public init(npyImages imagesPath: String, labels labelsPath: String, classNames: [String]) throws(DataError) {
        let (imagesArray, labelsArray) = try samplePair(imagesPath, labelsPath)
        guard imagesArray.shape.count == 3 || imagesArray.shape.count == 4 else {
            throw DataError(.mismatch("images need shape (N, H, W) or (N, H, W, C), not \(imagesArray.shape)"), path: imagesPath)
        }
        let ids = try labelsArray.indices()
        let (shape, labels) = (ids.shape, ids.scalars)
        guard shape.count == 1 else {
            throw DataError(.mismatch("labels need a 1-D integer array, not shape \(shape)"), path: labelsPath)
        }
        if let label = labels.first(where: { !(0..<classNames.count).contains($0) }) {
            throw DataError(.labelOutOfRange(label: label, classes: classNames.count), path: labelsPath)
        }
        var images = try imagesArray.tensor(as: Float.self)
        if images.rank == 3 { images = images.reshaped(images.shape + [1]) }
        self.init(images: images, labels: labels, classNames: classNames)
    }
}
