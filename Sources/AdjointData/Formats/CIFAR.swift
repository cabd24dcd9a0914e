/// CIFAR-10 (Krizhevsky, 2009): 32x32 colour images in 10 classes, in the binary version's
/// `data_batch_1.bin` ... `data_batch_5.bin` (50,000 training images) and `test_batch.bin`
/// (10,000). Each 3073-byte record is a label byte, then the red, green and blue planes of
/// 32x32 pixels; loading converts them to NHWC.
///
/// `Data/fetch-cifar.sh DIR` downloads and unpacks the binary version on a machine with
/// internet access; `load` accepts `DIR` or the unpacked `DIR/cifar-10-batches-bin`.
///
/// ```swift
/// let train = try CIFAR10.load(.train, from: "/data/cifar")   // images (50000, 32, 32, 3), 0...255
/// ```
public enum CIFAR10 {
    /// The class names, indexed by label.
    ///
    /// ```swift
    /// CIFAR10.classNames[3]   // "cat"
    /// ```
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer",
                                    "dog", "frog", "horse", "ship", "truck"]

    /// The folder the binary archive unpacks to.
    ///
    /// ```swift
    /// let folder = "/data/cifar/" + CIFAR10.archiveFolder   // load(_:from:) takes either folder
    /// ```
    public static let archiveFolder = "cifar-10-batches-bin"

    /// Loads `part` from `directory` (or its `cifar-10-batches-bin`).
    ///
    /// ```swift
    /// let test = try CIFAR10.load(.test, from: "/data/cifar")
    /// ```
    public static func load(_ part: DatasetPart, from directory: String) throws(DataError) -> Dataset {
        let folder = cifarFolder(directory, archiveFolder: archiveFolder, probe: "test_batch.bin")
        let files = part == .train
            ? (1...5).map { (folder + "/data_batch_\($0).bin", "CIFAR-10 training batch \($0) of 5") }
            : [(folder + "/test_batch.bin", "the CIFAR-10 test batch")]
        return try readCIFAR(files, layout: CIFARLayout(labelBytes: 1, labelIndex: 0, classCounts: [10]),
                             classNames: classNames)
    }

    /// Reads one CIFAR-10 batch file.
    ///
    /// ```swift
    /// let batch = try CIFAR10.readBatch("/data/cifar/cifar-10-batches-bin/data_batch_1.bin")   // 10000 images
    /// ```
    public static func readBatch(_ path: String) throws(DataError) -> Dataset {
        try readCIFAR([(path, "a CIFAR-10 batch")], layout: CIFARLayout(labelBytes: 1, labelIndex: 0, classCounts: [10]),
                      classNames: classNames)
    }
}

/// CIFAR-100 (Krizhevsky, 2009): 32x32 colour images in 100 fine classes grouped into 20
/// superclasses, in the binary version's `train.bin` (50,000) and `test.bin` (10,000). Each
/// 3074-byte record is the coarse label, the fine label, then the pixel planes as in CIFAR-10.
///
/// ```swift
/// let train = try CIFAR100.load(.train, from: "/data/cifar", labels: .coarse)   // 20 classes
/// ```
public enum CIFAR100 {
    /// Which of the two labels of each record to use.
    ///
    /// ```swift
    /// let superclasses = try CIFAR100.load(.test, from: dir, labels: .coarse)
    /// ```
    public enum Labels: Sendable {
        /// The 20 superclasses.
        case coarse
        /// The 100 classes.
        case fine
    }

    /// The 20 superclass names, indexed by coarse label.
    ///
    /// ```swift
    /// CIFAR100.coarseClassNames[1]   // "fish"
    /// ```
    public static let coarseClassNames = [
        "aquatic_mammals", "fish", "flowers", "food_containers", "fruit_and_vegetables",
        "household_electrical_devices", "household_furniture", "insects", "large_carnivores",
        "large_man-made_outdoor_things", "large_natural_outdoor_scenes", "large_omnivores_and_herbivores",
        "medium_mammals", "non-insect_invertebrates", "people", "reptiles", "small_mammals", "trees",
        "vehicles_1", "vehicles_2",
    ]

    /// The 100 class names, indexed by fine label.
    ///
    /// ```swift
    /// CIFAR100.fineClassNames[0]   // "apple"
    /// ```
    public static let fineClassNames = [
        "apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle",
        "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle",
        "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur",
        "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo", "keyboard",
        "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree", "motorcycle", "mountain",
        "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear", "pickup_truck", "pine_tree",
        "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray", "road", "rocket",
        "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake", "spider",
        "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor",
        "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman", "worm",
    ]

    /// The folder the binary archive unpacks to.
    ///
    /// ```swift
    /// let folder = "/data/cifar/" + CIFAR100.archiveFolder   // load(_:from:labels:) takes either folder
    /// ```
    public static let archiveFolder = "cifar-100-binary"

    /// Loads `part` from `directory` (or its `cifar-100-binary`) with the chosen labels.
    ///
    /// ```swift
    /// let test = try CIFAR100.load(.test, from: "/data/cifar", labels: .fine)   // 100 classes
    /// ```
    public static func load(_ part: DatasetPart, from directory: String, labels: Labels = .fine) throws(DataError) -> Dataset {
        let folder = cifarFolder(directory, archiveFolder: archiveFolder, probe: "test.bin")
        let name = part == .train ? "train.bin" : "test.bin"
        return try readFile(folder + "/" + name, labels: labels, expected: "the CIFAR-100 \(part.rawValue) file")
    }

    /// Reads one CIFAR-100 file.
    ///
    /// ```swift
    /// let train = try CIFAR100.readFile("/data/cifar/cifar-100-binary/train.bin", labels: .coarse)
    /// ```
    public static func readFile(_ path: String, labels: Labels = .fine,
                                expected: String = "a CIFAR-100 file") throws(DataError) -> Dataset {
        let layout = CIFARLayout(labelBytes: 2, labelIndex: labels == .coarse ? 0 : 1, classCounts: [20, 100])
        return try readCIFAR([(path, expected)], layout: layout,
                             classNames: labels == .coarse ? coarseClassNames : fineClassNames)
    }
}

/// How a CIFAR record starts: `labelBytes` label bytes, with ranges `classCounts`, of which
/// the one at `labelIndex` becomes the data set's label.
struct CIFARLayout {
    let labelBytes: Int
    let labelIndex: Int
    let classCounts: [Int]
    static let side = 32
    static let planeSize = side * side
    var recordSize: Int { labelBytes + 3 * CIFARLayout.planeSize }
    /// The most records a file may hold: twice the 50,000 of the largest CIFAR file, so a huge
    /// or endless file is refused before it is read into memory.
    static let maximumRecords = 100_000
}

/// `directory/archiveFolder` when the archive was unpacked there, else `directory`.
func cifarFolder(_ directory: String, archiveFolder: String, probe: String) -> String {
    let nested = directory + "/" + archiveFolder
    return !fileExists(directory + "/" + probe) && fileExists(nested + "/" + probe) ? nested : directory
}

/// Checks every file's size, then reads and validates every file and converts all records
/// into one NHWC tensor.
func readCIFAR(_ files: [(path: String, expected: String)], layout: CIFARLayout,
               classNames: [String]) throws(DataError) -> Dataset {
    let maximumSize = layout.recordSize * CIFARLayout.maximumRecords
    let limitSource = "of \(CIFARLayout.maximumRecords) records, the most a CIFAR file may hold"
    // The files' bytes, the Float tensor and the labels.
    let memoryPerRecord = layout.recordSize + 3 * CIFARLayout.planeSize * MemoryLayout<Float>.size + MemoryLayout<Int>.size
    // Sizes first, so that no file is read unless all of them fit.
    var records = 0
    for (path, expected) in files {
        let size = try DataFile.checkRegularFile(path: path, expected: expected)
        guard size <= maximumSize else {
            throw DataError(.fileTooLarge(limit: maximumSize, source: limitSource), path: path, offset: maximumSize)
        }
        guard size % layout.recordSize == 0 else {
            throw DataError(.partialRecord(recordSize: layout.recordSize, fileSize: size), path: path,
                            offset: size / layout.recordSize * layout.recordSize)
        }
        records += size / layout.recordSize
        try DataFile.checkMemory(bytesNeeded([(records, memoryPerRecord)]), for: "a data set of \(records) CIFAR records",
                                 path: path)
    }
    var contents: [(path: String, bytes: [UInt8])] = []
    for (path, expected) in files {
        let bytes = try DataFile.read(path, expected: expected, maximumSize: maximumSize, limitSource: limitSource)
        contents.append((path, bytes))
    }
    return try decodeCIFAR(contents, layout: layout, classNames: classNames)
}

/// Validates the records of every file's bytes, then converts them into one NHWC tensor.
func decodeCIFAR(_ files: [(path: String, bytes: [UInt8])], layout: CIFARLayout,
                 classNames: [String]) throws(DataError) -> Dataset {
    var labels: [Int] = []
    for (path, bytes) in files {
        let records = bytes.count / layout.recordSize
        guard bytes.count % layout.recordSize == 0 else {
            throw DataError(.partialRecord(recordSize: layout.recordSize, fileSize: bytes.count), path: path,
                            offset: records * layout.recordSize)
        }
        for record in 0..<records {
            for (k, classes) in layout.classCounts.enumerated() {
                let offset = record * layout.recordSize + k
                guard Int(bytes[offset]) < classes else {
                    throw DataError(.labelOutOfRange(label: Int(bytes[offset]), classes: classes), path: path, offset: offset)
                }
            }
            labels.append(Int(bytes[record * layout.recordSize + layout.labelIndex]))
        }
    }

    let plane = CIFARLayout.planeSize
    var images = Tensor<Float>(repeating: 0, shape: [labels.count, CIFARLayout.side, CIFARLayout.side, 3])
    images.withUnsafeMutableBufferPointer { out in
        var n = 0
        for (_, bytes) in files {
            bytes.withUnsafeBufferPointer { input in
                for recordStart in stride(from: 0, to: input.count, by: layout.recordSize) {
                    // Planar R, G, B in the file; interleaved per pixel in NHWC.
                    let pixels = input.baseAddress! + recordStart + layout.labelBytes
                    let image = out.baseAddress! + n * plane * 3
                    for p in 0..<plane {
                        image[3 * p] = Float(pixels[p])
                        image[3 * p + 1] = Float(pixels[plane + p])
                        image[3 * p + 2] = Float(pixels[2 * plane + p])
                    }
                    n += 1
                }
            }
        }
    }
    return Dataset(images: images, labels: labels, classNames: classNames)
}
