import Foundation
@testable import AdjointData
@testable import AdjointTraining

/// The valid files the fuzzer mutates, built in memory (the checkpoint on disk, by `Checkpoint.save`).
enum FuzzSeeds {
    /// Deterministic bytes with repeats, so the compressed seeds hold matches as well as literals.
    static func sampleBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        var bytes: [UInt8] = []
        while bytes.count < count {
            if bytes.count > 8 && rng.nextInt(below: 3) == 0 {
                let start = rng.nextInt(below: bytes.count - 4)
                bytes += bytes[start..<min(bytes.count, start + 3 + rng.nextInt(below: 20))]
            } else {
                bytes.append(UInt8(rng.nextInt(below: 16) * 16))
            }
        }
        return Array(bytes.prefix(count))
    }

    /// The labels file shipped in `Data/`, compressed by gzip itself (dynamic Huffman blocks).
    static let shippedLabels: [UInt8] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/t10k-labels-idx1-ubyte.gz").path
        return (try? DataFile.read(path, expected: "the shipped test labels")) ?? []
    }()

    /// A small IDX images file (4 images of 5 x 6) and a labels file.
    static let idxImages = IDX.encode(IDXArray(shape: [4, 5, 6], bytes: sampleBytes(120, seed: 1)))
    static let idxLabels = IDX.encode(IDXArray(shape: [12], bytes: (0..<12).map { UInt8($0 % 10) }))

    /// How an IDX seed reaches the reader.
    enum IDXForm {
        /// As it is: a plain IDX file.
        case plain
        /// A gzip file, mutated as it is (mostly refused by the checksum or the DEFLATE decoder).
        case gzip
        /// A plain IDX file, mutated, then compressed: a valid gzip file around a damaged IDX
        /// file, so the header checks behind the decompression are fuzzed too.
        case gzipAfterMutation
    }

    /// IDX seeds and their dimension counts: fixed-Huffman, stored, named and shipped gzip
    /// files, plain files, and plain files compressed after mutation.
    static let idx: [(bytes: [UInt8], dimensions: Int, form: IDXForm)] = [
        (gzipMember(fixedHuffmanDeflate(idxImages), of: idxImages), 3, .gzip),
        (gzipMember(storedDeflate(idxLabels), of: idxLabels, name: "labels"), 1, .gzip),
        (gzipMember(fixedHuffmanDeflate(idxLabels), of: idxLabels), 1, .gzip),
        (shippedLabels, 1, .gzip),
        (idxImages, 3, .plain),
        (idxImages, 3, .gzipAfterMutation),
        (idxLabels, 1, .gzipAfterMutation),
    ]

    /// gzip seeds: one and two members, stored and fixed-Huffman blocks, FNAME, and the shipped file.
    static let gzip: [[UInt8]] = {
        let text = sampleBytes(300, seed: 2)
        let more = sampleBytes(40, seed: 3)
        return [
            gzipMember(fixedHuffmanDeflate(text), of: text),
            gzipMember(storedDeflate(text, blockSize: 100), of: text, name: "text.bin"),
            gzipMember(fixedHuffmanDeflate(more), of: more) + gzipMember(storedDeflate(more), of: more),
            gzipMember(fixedHuffmanDeflate([]), of: []),
            shippedLabels,
        ]
    }()

    /// CIFAR seeds: two CIFAR-10 records, and two CIFAR-100 records.
    static let cifar10 = [UInt8(3)] + sampleBytes(3072, seed: 4) + [UInt8(9)] + sampleBytes(3072, seed: 5)
    static let cifar100 = [UInt8(19), 99] + sampleBytes(3072, seed: 6) + [UInt8(0), 0] + sampleBytes(3072, seed: 7)

    /// A safetensors file with F32 and F64 tensors, a scalar, an empty tensor and metadata.
    static func safetensors(in directory: URL) throws -> [UInt8] {
        let url = directory.appendingPathComponent("seed.safetensors")
        try SafeTensors.write([("w", StoredTensor(Tensor<Float>([1, -2, 3, 4.5, 0, 6], shape: [2, 3]))),
                               ("b", StoredTensor(Tensor<Double>([0.5, -0.25]))),
                               ("s", StoredTensor(Tensor<Float>(7))),
                               ("e", StoredTensor(Tensor<Double>.zeros([0, 3])))],
                              metadata: ["epoch": "12", "note": "seed"], to: url)
        return [UInt8](try Data(contentsOf: url))
    }

    /// `.npy` seeds: float32 in C order, big-endian int16 in Fortran order, bool, a version 2.0
    /// big-endian float64 header, and a scalar.
    static let npy: [[UInt8]] = [
        NPY.encode(NumPyArray(shape: [2, 3], storage: .float([1, -2, 3, 4.5, 0, 6]))),
        npyFile("{'descr': '>i2', 'fortran_order': True, 'shape': (2, 3), }", data: (0..<12).map { UInt8($0 * 7) }),
        NPY.encode(NumPyArray(bools: [true, false, true], shape: [3])),
        npyFile("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", data: sampleBytes(16, seed: 8), version: 2),
        NPY.encode(NumPyArray(shape: [], storage: .double([2.5]))),
    ]

    /// `.npz` seeds: a stored archive as `np.savez` writes it, and DEFLATE ones as
    /// `np.savez_compressed` does (by this file's writer and by the library's `Deflate`).
    static let npz: [[UInt8]] = [
        NPZ.encode(["x": NumPyArray(shape: [2, 2], storage: .float([1, 2, 3, 4])), "y": NumPyArray(indices: [0, 1], shape: [2])]),
        deflatedZip([("w.npy", npy[0]), ("mask.npy", npy[2])]),
        NPZ.encode(["ids": NumPyArray(indices: (0..<40).map { $0 % 7 }, shape: [5, 8])], compressed: true),
    ]

    /// A `.npy` file of `header` (a newline is added) and `data`, in format `version`.
    static func npyFile(_ header: String, data: [UInt8], version: UInt8 = 1) -> [UInt8] {
        let text = Array(header.utf8) + [0x0A]
        let length = (0..<(version == 1 ? 2 : 4)).map { UInt8(truncatingIfNeeded: text.count >> (8 * $0)) }
        return NPY.magic + [version, 0] + length + text + data
    }

    /// A ZIP archive of `members`, each compressed with fixed-Huffman DEFLATE.
    static func deflatedZip(_ members: [(name: String, data: [UInt8])]) -> [UInt8] {
        func le(_ value: Int, _ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var archive: [UInt8] = [], directory: [UInt8] = []
        for (name, data) in members {
            let deflated = fixedHuffmanDeflate(data)
            let fields = le(20, 2) + le(0, 2) + le(8, 2) + le(0, 4) + le(Int(CRC32.checksum(data)), 4)
                + le(deflated.count, 4) + le(data.count, 4) + le(name.utf8.count, 2)
            directory += le(0x0201_4B50, 4) + le(20, 2) + fields + le(0, 12) + le(archive.count, 4) + Array(name.utf8)
            archive += le(0x0403_4B50, 4) + fields + le(0, 2) + Array(name.utf8) + deflated
        }
        return archive + directory + le(0x0605_4B50, 4) + le(0, 4) + le(members.count, 2) + le(members.count, 2)
            + le(directory.count, 4) + le(archive.count, 4) + le(0, 2)
    }
}
