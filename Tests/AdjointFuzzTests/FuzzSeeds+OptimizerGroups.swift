import Foundation
@testable import AdjointData
@testable import AdjointTraining

/// The checkpoint-groups seeds: a checkpoint of an optimiser with two parameter groups, its
/// per-group tensors (`optimizer/learning_rate` and `optimizer/weight_decay`, of shape [2])
/// replaced by hostile ones below valid checksums, so the checks behind the checksums are
/// reached, which byte mutations of a checksummed file rarely do.
extension FuzzSeeds {
    /// Replacements of a per-group tensor: nil removes it; wrong shapes, non-finite and
    /// negative values, and `F64` in a `Float` checkpoint.
    static let groupSettings: [StoredTensor?] = [
        nil, StoredTensor(Tensor<Float>(0.01)), StoredTensor(Tensor<Float>([0.01, 0.02, 0.03])),
        StoredTensor(Tensor<Float>([0.01, 0.02], shape: [2, 1])), StoredTensor(Tensor<Float>.zeros([0])),
        StoredTensor(Tensor<Float>([.nan, 0.01])), StoredTensor(Tensor<Float>([0.01, .infinity])),
        StoredTensor(Tensor<Float>([-1, 0])), StoredTensor(Tensor<Float>([.greatestFiniteMagnitude, .leastNonzeroMagnitude])),
        StoredTensor(Tensor<Double>([0.01, 0.02])),
    ]

    /// The checkpoint of `checkpoint` (a file's tensors and metadata) with every combination of
    /// `groupSettings` for the rate and the decay (and each as saved), plus a stray per-group
    /// tensor, each with its checksums recomputed.
    static func optimizerGroups(_ checkpoint: SafeTensorsFile) throws -> [[UInt8]] {
        let saved = checkpoint.tensors
        let keys = ["optimizer/learning_rate", "optimizer/weight_decay"]
        let choices: [StoredTensor?] = groupSettings + [saved.first { $0.name == keys[0] }!.tensor]
        var files: [[UInt8]] = []
        for rate in choices {
            for decay in choices + [saved.first { $0.name == keys[1] }!.tensor] {
                var tensors = saved.filter { !keys.contains($0.name) }
                if let rate { tensors.append((keys[0], rate)) }
                if let decay { tensors.append((keys[1], decay)) }
                files.append(try encoded(tensors, metadata: checkpoint.metadata))
            }
        }
        files.append(try encoded(saved + [("optimizer/learning_rate_2", StoredTensor(Tensor<Float>([0.1, 0.2])))], metadata: checkpoint.metadata))
        return files
    }

    /// A safetensors file's bytes, with checksums.
    static func encoded(_ tensors: [(name: String, tensor: StoredTensor)], metadata: [String: String]) throws -> [UInt8] {
        var metadata = metadata
        metadata[TensorChecksums.key] = TensorChecksums.rendered(for: tensors, metadata: metadata)
        return [UInt8](try SafeTensors.encode(tensors, metadata: metadata, file: "seed"))
    }
}
