import Foundation
@testable import AdjointTraining

// The PyTorch state_dicts and outputs of Fixtures/make_torch_weights.py, and the Adjoint
// models they load into.

/// The fixture file `name` in Fixtures/.
func pyTorchFixture(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
}

/// The script's `Layers`: one small module of each kind, under the same names where Swift's
/// spelling allows (the others through `torchLayersMapping`).
final class TorchLayers<S: TensorScalar>: Module<S> {
    let linear = Linear<S>(5, 3)
    let conv2d = Conv2D<S>(inChannels: 3, outChannels: 4, kernel: 3, stride: 2, padding: 1)
    let convTranspose2d = ConvTranspose2D<S>(inChannels: 3, outChannels: 2, kernel: 3, stride: 2, padding: 1, outputPadding: 1)
    let conv1d = Conv1D<S>(inChannels: 3, outChannels: 4, kernel: 3, padding: 2, dilation: 2)
    let embedding = Embedding<S>(count: 10, dimension: 4)
    let batchNorm1d = BatchNorm<S>(4)
    let batchNorm2d = BatchNorm2D<S>(channels: 3)
    let layerNorm = LayerNorm<S>(5)
    let groupNorm = GroupNorm<S>(groups: 2, channels: 4)
    let lstm = LSTM<S>(inputSize: 3, hiddenSize: 4, layers: 2)
    let gru = GRU<S>(inputSize: 3, hiddenSize: 4, layers: 2)
    let attention = MultiheadAttention<S>(embedDim: 8, heads: 2)
    let seq = Sequential<S>([Conv2D(inChannels: 1, outChannels: 2, kernel: 3), ReLU(), MaxPool2D(pool: 2, stride: 2),
                             Flatten(), Linear(2 * 3 * 3, 3)])

    /// The PyTorch layer names of the fixture, each with how its input and output are laid out
    /// in PyTorch: NCHW maps and NCL sequences are permuted to Adjoint's channels-last.
    static var layerNames: [String] {
        ["linear", "conv2d", "conv_transpose2d", "conv1d", "embedding", "batch_norm1d", "batch_norm2d", "layer_norm",
         "group_norm", "lstm", "gru", "attention", "seq"]
    }

    /// Layer `name`'s output for PyTorch's input `x`, both in PyTorch's layout.
    func output(_ name: String, _ x: Tensor<S>) -> Tensor<S> {
        let nhwc = [0, 2, 3, 1], nchw = [0, 3, 1, 2]
        return withoutGradients {
            switch name {
            case "linear": linear(x).value
            case "conv2d": conv2d(x.permuted(nhwc)).value.permuted(nchw)
            case "conv_transpose2d": convTranspose2d(x.permuted(nhwc)).value.permuted(nchw)
            case "conv1d": conv1d(x.permuted([0, 2, 1])).value.permuted([0, 2, 1])
            case "embedding": embedding(IndexTensor(x.scalars.map { Int($0) }, shape: x.shape)).value
            case "batch_norm1d": batchNorm1d(x).value
            case "batch_norm2d": batchNorm2d(x.permuted(nhwc)).value.permuted(nchw)
            case "layer_norm": layerNorm(x).value
            case "group_norm": groupNorm(x.permuted(nhwc)).value.permuted(nchw)
            case "lstm": lstm(Variable(constant: x)).output.value
            case "gru": gru(Variable(constant: x)).output.value
            case "attention": attention(Variable(constant: x)).value
            case "seq": seq(x.permuted(nhwc)).value
            default: fatalError("TorchLayers: no layer \(name)")
            }
        }
    }
}

/// The fixture's snake_case names for `TorchLayers`' camelCase ones.
let torchLayersMapping: PyTorchKeyMapping = [
    "conv_transpose2d": "convTranspose2d", "batch_norm1d": "batchNorm1d", "batch_norm2d": "batchNorm2d",
    "layer_norm": "layerNorm", "group_norm": "groupNorm",
]

/// `seq`'s Linear takes PyTorch's flattened (2, 3, 3) map.
let torchLayersFlattened = ["seq.4": FlattenedMap(channels: 2, height: 3, width: 3)]

/// PyTorch's tutorial LeNet on 1x32x32 NHWC images.
final class LeNet<S: TensorScalar>: Module<S> {
    let conv1 = Conv2D<S>(inChannels: 1, outChannels: 6, kernel: 5)
    let conv2 = Conv2D<S>(inChannels: 6, outChannels: 16, kernel: 5)
    let fc1 = Linear<S>(16 * 5 * 5, 120), fc2 = Linear<S>(120, 84), fc3 = Linear<S>(84, 10)

    override func forward(_ x: Variable<S>) -> Variable<S> {
        let maps = conv2(conv1(x).relu().maxPool2d(pool: 2, stride: 2)).relu().maxPool2d(pool: 2, stride: 2)
        return fc3(fc2(fc1(maps).relu()).relu())
    }
}

/// The largest absolute difference between two tensors of one shape.
func maxDifference<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Double {
    precondition(a.shape == b.shape, "maxDifference: shapes \(a.shape) and \(b.shape)")
    return zip(a.scalars, b.scalars).map { Double(abs($0 - $1)) }.max() ?? 0
}

/// A safetensors file of raw tensors, `(name, dtype, shape, little-endian bytes)`, for dtypes
/// Adjoint's writer does not write.
func writeRawSafeTensors(_ tensors: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])], to url: URL) throws {
    var offset = 0
    var entries: [String] = []
    for tensor in tensors {
        entries.append("\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":\(tensor.shape),\"data_offsets\":[\(offset),\(offset + tensor.bytes.count)]}")
        offset += tensor.bytes.count
    }
    var header = Array("{\(entries.joined(separator: ","))}".utf8)
    header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
    var data = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Data($0) }
    data.append(contentsOf: header)
    for tensor in tensors { data.append(contentsOf: tensor.bytes) }
    try data.write(to: url)
}
