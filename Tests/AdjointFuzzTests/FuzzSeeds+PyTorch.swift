import Foundation
@testable import AdjointData
@testable import AdjointTraining

/// The PyTorch state_dict seeds: files as `safetensors.torch.save_file` writes them, headers
/// built here since the project's writer writes only `F32` and `F64`.
extension FuzzSeeds {
    /// How a PyTorch seed is loaded: into a `Float` or a `Double` model, strictly or not, with
    /// which key mapping.
    struct PyTorchSeed {
        let bytes: [UInt8]
        let double: Bool
        let strict: Bool
        let keyMapping: PyTorchKeyMapping
    }

    /// The model every PyTorch seed fits: a convolution, a batch norm (whose file has an `I64`
    /// `num_batches_tracked`), a `Linear` fed a flattened NCHW map, an embedding and an LSTM.
    static func pyTorchModel<S: TensorScalar>(_: S.Type) -> Sequential<S> {
        Sequential<S>([Conv2D<S>(inChannels: 1, outChannels: 2, kernel: 3), BatchNorm2D<S>(channels: 2), ReLU<S>(), Flatten<S>(),
                       Linear<S>(8, 3), Embedding<S>(count: 5, dimension: 3), LSTM<S>(inputSize: 3, hiddenSize: 2)])
    }

    /// The `Linear`'s input, a 2 x 2 map of 2 channels (a 4 x 4 image after the 3 x 3 convolution).
    static let pyTorchFlattenedMaps = ["4": FlattenedMap(channels: 2, height: 2, width: 2)]

    /// The PyTorch seeds: all `F32`, all `F16`, all `BF16` (loaded not strictly), a mix of `F64`,
    /// `F32`, `F16` and `BF16` for a `Double` model, and a mix under renamed keys.
    static let pyTorch: [PyTorchSeed] = [
        PyTorchSeed(bytes: pyTorchFile(dtypes: ["F32"]), double: false, strict: true, keyMapping: [:]),
        PyTorchSeed(bytes: pyTorchFile(dtypes: ["F16"]), double: false, strict: true, keyMapping: [:]),
        PyTorchSeed(bytes: pyTorchFile(dtypes: ["BF16"]), double: false, strict: false, keyMapping: [:]),
        PyTorchSeed(bytes: pyTorchFile(dtypes: ["F64", "F32", "F16", "BF16"]), double: true, strict: true, keyMapping: [:]),
        PyTorchSeed(bytes: pyTorchFile(dtypes: ["F16", "F32"], keyMapping: ["conv": "0", "fc": "4"]), double: false,
                    strict: true, keyMapping: ["conv": "0", "fc": "4"]),
    ]

    /// The state_dict of `pyTorchModel` under `keyMapping`'s file keys, the tensors' dtypes
    /// taken from `dtypes` in turn, values small multiples of 1/8 (exact in every dtype), and
    /// the batch norm's `num_batches_tracked` as `I64`.
    static func pyTorchFile(dtypes: [String], keyMapping: PyTorchKeyMapping = [:]) -> [UInt8] {
        var rng = SeededGenerator(seed: 11)
        var tensors: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])] = []
        for (i, slot) in pyTorchModel(Double.self).pyTorchStateLayout(flattenedMaps: pyTorchFlattenedMaps).slots.enumerated() {
            let shape = slot.pyTorchShape, dtype = dtypes[i % dtypes.count]
            let values = (0..<shape.reduce(1, *)).map { _ in Double(rng.nextInt(below: 33) - 16) / 8 }
            tensors.append((keyMapping.fileKey(forModel: slot.key), dtype, shape, values.flatMap { encoded($0, as: dtype) }))
            if slot.key == "1.running_var" {
                tensors.append(("1.num_batches_tracked", "I64", [], littleEndian(UInt64(1234), bytes: 8)))
            }
        }
        return rawSafeTensors(tensors, metadata: ["format": "pt"])
    }

    /// `value` as the little-endian bytes of `dtype` (bfloat16 is the top half of a float32).
    static func encoded(_ value: Double, as dtype: String) -> [UInt8] {
        switch dtype {
        case "F64": littleEndian(value.bitPattern, bytes: 8)
        case "F32": littleEndian(UInt64(Float(value).bitPattern), bytes: 4)
        case "F16": littleEndian(UInt64(Float16(value).bitPattern), bytes: 2)
        case "BF16": littleEndian(UInt64(Float(value).bitPattern >> 16), bytes: 2)
        default: fatalError("FuzzSeeds.encoded: no encoding for dtype \(dtype)")
        }
    }

    static func littleEndian(_ value: UInt64, bytes count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// A safetensors file of `tensors` in order, its header padded with spaces to 8 bytes as
    /// the Python writer pads it.
    static func rawSafeTensors(_ tensors: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])],
                               metadata: [String: String]) -> [UInt8] {
        var offset = 0
        var entries = ["\"__metadata__\":{" + metadata.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}"]
        for tensor in tensors {
            entries.append("\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":\(tensor.shape),\"data_offsets\":[\(offset),\(offset + tensor.bytes.count)]}")
            offset += tensor.bytes.count
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        return littleEndian(UInt64(header.count), bytes: 8) + header + tensors.flatMap(\.bytes)
    }
}
