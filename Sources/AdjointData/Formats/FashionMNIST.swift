/// Fashion-MNIST (Zalando Research): 28x28 grey images of clothing in 10 classes, 60,000 for
/// training and 10,000 for testing, in the IDX files of MNIST.
///
/// `apt-get install dataset-fashion-mnist` installs the full set in ``systemDirectory``.
///
/// ```swift
/// let train = try FashionMNIST.load(.train, from: FashionMNIST.systemDirectory)   // images (60000, 28, 28, 1), 0...255
/// ```
public enum FashionMNIST {
    /// The class names, indexed by label.
    ///
    /// ```swift
    /// FashionMNIST.classNames[9]   // "Ankle boot"
    /// ```
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// Where the Debian package `dataset-fashion-mnist` puts the full data set.
    ///
    /// ```swift
    /// let train = try FashionMNIST.load(.train, from: FashionMNIST.systemDirectory)
    /// ```
    public static let systemDirectory = "/usr/share/datasets/fashion-mnist"

    /// Loads `part` from the standard file names in `directory`
    /// (`train-images-idx3-ubyte[.gz]`, `t10k-labels-idx1-ubyte[.gz]`, ...).
    ///
    /// ```swift
    /// let test = try FashionMNIST.load(.test, from: FashionMNIST.systemDirectory)
    /// ```
    public static func load(_ part: DatasetPart, from directory: String) throws(DataError) -> Dataset {
        try loadMNISTLayout(part, from: directory, classNames: classNames, name: "Fashion-MNIST")
    }
}

/// MNIST handwritten digits (LeCun, Cortes and Burges) in the same IDX layout as Fashion-MNIST.
///
/// ```swift
/// let train = try MNIST.load(.train, from: "/path/to/mnist")
/// ```
public enum MNIST {
    /// The class names, indexed by label: the digits.
    ///
    /// ```swift
    /// MNIST.classNames[7]   // "7"
    /// ```
    public static let classNames = (0...9).map(String.init)

    /// Loads `part` from the standard file names in `directory`.
    ///
    /// ```swift
    /// let test = try MNIST.load(.test, from: "/path/to/mnist")
    /// ```
    public static func load(_ part: DatasetPart, from directory: String) throws(DataError) -> Dataset {
        try loadMNISTLayout(part, from: directory, classNames: classNames, name: "MNIST")
    }
}

/// Loads the MNIST-style files of `part`, preferring the `.gz` names.
func loadMNISTLayout(_ part: DatasetPart, from directory: String, classNames: [String],
                     name: String) throws(DataError) -> Dataset {
    let prefix = part == .train ? "train" : "t10k"
    var paths: [String] = []
    for (kind, dimensions) in [("images-idx3", 3), ("labels-idx1", 1)] {
        let file = "\(prefix)-\(kind)-ubyte"
        let path = DataFile.plainOrGzip(directory + "/" + file)
        guard fileExists(path) else {
            let what = kind.hasPrefix("images") ? "images" : "labels"
            throw DataError(.missingFile(expected: "\(name) \(part.rawValue) \(what): \(file).gz, or \(file) uncompressed "
                                         + "(IDX, \(dimensions) dimension\(dimensions > 1 ? "s" : ""))"), path: path)
        }
        paths.append(path)
    }
    return try IDX.loadDataset(images: paths[0], labels: paths[1], classNames: classNames,
                               description: "\(name) \(part.rawValue)")
}
