/// Small images in a grid as SVG: learned first-layer filters or sample inputs.
///
/// Each pixel is an SVG rectangle (runs of equal pixels share one), which keeps the file a
/// plain vector image that any viewer scales sharply; it suits filters and thumbnails up to
/// a few dozen pixels a side, not photographs.
///
/// ```swift
/// // Convolution weights (k, k, inChannels, outChannels) -> one image per output channel.
/// let filters = ImageGrid(cnn.conv1.weight.value.permuted([3, 0, 1, 2]), title: "conv1 filters")
/// try AtomicFile.write(Data(filters.svg().utf8), to: folder.appendingPathComponent("filters.svg"))
/// ```
public struct ImageGrid: Sendable {
    /// How values become intensities.
    ///
    /// ```swift
    /// let grid = ImageGrid(filters, title: "conv1 filters", scaling: .shared)
    /// ```
    public enum Scaling: Sendable {
        /// Each image stretched from its own minimum to its maximum (filters: shows every pattern).
        case perImage
        /// All images stretched by the common minimum and maximum (keeps relative strength).
        case shared
        /// Values taken as already in 0...1 and clamped (normalised sample images).
        case unit
    }

    /// Drawn bold above the grid, if given.
    public var title: String?
    /// One caption per image (e.g. class names), or nil.
    ///
    /// ```swift
    /// grid.labels = y.map { train.classNames[$0] }   // one per image
    /// ```
    public var labels: [String]?
    /// Images per row; nil makes the grid about square.
    public var columns: Int?
    /// Screen pixels per image pixel; nil makes each image about 72 pixels across.
    public var pixelSize: Int?

    let count: Int
    let height: Int
    let width: Int
    /// Packed `0xRRGGBB` per pixel, image after image, row-major.
    let colors: [UInt32]

    /// A grid of `images`, shaped `(count, height, width, channels)` with 1 (grey) or 3 (RGB)
    /// channels, or `(count, height, width)` for grey.
    ///
    /// ```swift
    /// let samples = ImageGrid(images, labels: train.classNames, scaling: .unit, columns: 8)
    /// ```
    public init<S: TensorScalar>(_ images: Tensor<S>, title: String? = nil, labels: [String]? = nil,
                                 scaling: Scaling = .perImage, columns: Int? = nil, pixelSize: Int? = nil) {
        let shape = images.shape
        let channels = shape.count == 4 ? shape[3] : 1
        check((shape.count == 3 || shape.count == 4) && (channels == 1 || channels == 3),
                     "ImageGrid: shape \(shape) is not (count, height, width[, 1 or 3 channels])")
        check(labels == nil || labels!.count == shape[0],
                     "ImageGrid: \(labels?.count ?? 0) labels for \(shape[0]) images")
        self.title = title
        self.labels = labels
        self.columns = columns
        self.pixelSize = pixelSize
        (count, height, width) = (shape[0], shape[1], shape[2])

        let values = images.scalars.map { Double($0) }
        let perImage = height * width * channels
        var colors: [UInt32] = []
        colors.reserveCapacity(count * height * width)
        let global = range(values[...])
        for image in 0..<count {
            let pixels = values[(image * perImage)..<((image + 1) * perImage)]
            let (low, high): (Double, Double) = switch scaling {
            case .perImage: range(pixels)
            case .shared: global
            case .unit: (0, 1)
            }
            // A constant image has no contrast to stretch; mid-grey says so honestly.
            let scale = high > low ? 255 / (high - low) : 0
            func byte(_ v: Double) -> UInt32 {
                guard v.isFinite else { return 0 }
                return scale == 0 ? 128 : UInt32(Swift.min(255, Swift.max(0, ((v - low) * scale).rounded())))
            }
            for p in stride(from: pixels.startIndex, to: pixels.endIndex, by: channels) {
                let r = byte(pixels[p])
                colors.append(channels == 1 ? r << 16 | r << 8 | r : r << 16 | byte(pixels[p + 1]) << 8 | byte(pixels[p + 2]))
            }
        }
        self.colors = colors
    }

    /// The grid as a standalone SVG document.
    ///
    /// ```swift
    /// let svg = ImageGrid(Tensor<Float>.zeros([4, 5, 5, 3])).svg()
    /// ```
    public func svg() -> String {
        let pixel = Double(pixelSize ?? Swift.max(1, Int((72 / Double(Swift.max(height, width, 1))).rounded())))
        let columns = Swift.max(1, self.columns ?? Int(Double(count).squareRoot().rounded(.up)))
        let rows = (count + columns - 1) / columns
        let imageWidth = Double(width) * pixel, imageHeight = Double(height) * pixel
        let gap = 10.0, margin = 16.0
        let captionHeight = labels == nil ? 0 : 18.0
        let top = title == nil ? margin : 48
        let gridWidth = Double(columns) * imageWidth + Double(columns - 1) * gap
        let totalWidth = Swift.max(2 * margin + gridWidth,
                                   2 * margin + ChartStyle.textWidth(title ?? "", size: ChartStyle.titleSize))
        let totalHeight = top + Double(rows) * (imageHeight + captionHeight) + Double(Swift.max(0, rows - 1)) * gap + margin

        var canvas = SVGCanvas(width: totalWidth, height: totalHeight, title: title ?? "Images")
        if let title {
            canvas.add("text", ["class": "title", "x": px(margin), "y": "30", "font-size": px(ChartStyle.titleSize),
                                "font-weight": "600"], text: title)
        }
        for image in 0..<count {
            let x = margin + Double(image % columns) * (imageWidth + gap)
            let y = top + Double(image / columns) * (imageHeight + captionHeight + gap)
            // Image pixels become unit squares scaled up by the group, so coordinates stay short.
            canvas.open("g", ["class": "image", "transform": "translate(\(px(x)) \(px(y))) scale(\(px(pixel)))",
                              "shape-rendering": "crispEdges"])
            for row in 0..<height {
                let base = (image * height + row) * width
                var start = 0
                while start < width {
                    var end = start + 1
                    while end < width && colors[base + end] == colors[base + start] { end += 1 }
                    canvas.add("rect", ["x": String(start), "y": String(row), "width": String(end - start),
                                        "height": "1", "fill": hexColor(colors[base + start])])
                    start = end
                }
            }
            canvas.close("g")
            canvas.add("rect", ["class": "frame", "x": px(x - 0.5), "y": px(y - 0.5), "width": px(imageWidth + 1),
                                "height": px(imageHeight + 1), "fill": "none", "stroke": "#d0d0d0"])
            if let labels {
                canvas.add("text", ["class": "caption", "x": px(x + imageWidth / 2), "y": px(y + imageHeight + 14),
                                    "text-anchor": "middle", "font-size": px(ChartStyle.tickSize)], text: labels[image])
            }
        }
        return canvas.document()
    }
}

/// The smallest and largest finite value, or (0, 0) when there is none.
private func range(_ values: ArraySlice<Double>) -> (Double, Double) {
    var low = Double.infinity, high = -Double.infinity
    for v in values where v.isFinite {
        low = Swift.min(low, v)
        high = Swift.max(high, v)
    }
    return low <= high ? (low, high) : (0, 0)
}

private func hexColor(_ packed: UInt32) -> String {
    hexColor(Double(packed >> 16 & 0xFF), Double(packed >> 8 & 0xFF), Double(packed & 0xFF))
}
