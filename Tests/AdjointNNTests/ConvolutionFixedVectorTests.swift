import Foundation
import Testing
@testable import AdjointNN

// PyTorch's nn.Conv1d and nn.ConvTranspose2d in float64 (Fixtures/conv_vectors.json, written
// by Fixtures/make_conv_vectors.py): outputs and the gradients of sum(upstream * output) with
// respect to the input, the weight and the bias, after converting PyTorch's layouts to
// Adjoint's channels-last ones:
//   Conv1d input (N, C, L) -> (N, L, C), weight (out, in, k) -> (k, in, out)
//   ConvTranspose2d input (N, C, H, W) -> (N, H, W, C), weight (in, out, kh, kw) -> (kh, kw, out, in)

@Suite struct ConvolutionFixedVectors {
    struct Case {
        let fields: [String: Any]

        func tensor(_ name: String, permuted axes: [Int]) throws -> Tensor<Double> {
            let entry = try #require(fields[name] as? [String: Any], "\(name) is missing")
            let shape = try #require(entry["shape"] as? [Int])
            let data = try #require(entry["data"] as? [Double])
            return Tensor(data, shape: shape).permuted(axes)
        }

        func integers(_ name: String) throws -> [Int] {
            if let single = fields[name] as? Int { return [single] }
            return try #require(fields[name] as? [Int], "\(name) is missing")
        }
    }

    static func cases(_ layer: String) throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/conv_vectors.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try #require(root[layer] as? [[String: Any]], "\(layer) is missing")
        return cases.map(Case.init)
    }

    /// The largest difference relative to the size of PyTorch's entry (at least 1).
    static func worstDifference(_ x: Tensor<Double>, _ y: Tensor<Double>) -> Double {
        guard x.shape == y.shape else { return .infinity }
        return zip(x.scalars, y.scalars).reduce(0) { max($0, abs($1.0 - $1.1) / max(1, abs($1.1))) }
    }

    /// Output and gradients of `layer` on the case's input against PyTorch's, with `axes` the
    /// permutation from PyTorch's activation layout to channels-last and back to be undone.
    static func compare(_ c: Case, layer: Module<Double>, weight: Variable<Double>, bias: Variable<Double>,
                        axes: [Int], label: String) throws -> Double {
        let x = Variable(try c.tensor("input", permuted: axes))
        let out = layer(x)
        let grads = gradients(of: out, wrt: [x, weight, bias], seed: try c.tensor("upstream", permuted: axes))
        let weightAxes = axes.count == 3 ? [2, 1, 0] : [2, 3, 1, 0]
        let differences = [
            "output": worstDifference(out.value, try c.tensor("output", permuted: axes)),
            "input grad": worstDifference(grads[0].value, try c.tensor("input_grad", permuted: axes)),
            "weight grad": worstDifference(grads[1].value, try c.tensor("weight_grad", permuted: weightAxes)),
            "bias grad": worstDifference(grads[2].value, try c.tensor("bias_grad", permuted: [0])),
        ]
        return report(label, differences)
    }

    @Test func conv1dAgainstPyTorch() throws {
        let cases = try Self.cases("conv1d")
        #expect(cases.count == 3)
        for c in cases {
            let (stride, padding, dilation) = (try c.integers("stride")[0], try c.integers("padding")[0], try c.integers("dilation")[0])
            let conv = Conv1D(weight: try c.tensor("weight", permuted: [2, 1, 0]), bias: try c.tensor("bias", permuted: [0]),
                              stride: stride, padding: padding, dilation: dilation)
            let worst = try Self.compare(c, layer: conv, weight: conv.weight, bias: conv.bias, axes: [0, 2, 1],
                                         label: "Conv1d stride \(stride) padding \(padding) dilation \(dilation) vs PyTorch")
            #expect(worst <= 1e-10)
        }
    }

    @Test func convTranspose2dAgainstPyTorch() throws {
        let cases = try Self.cases("conv_transpose2d")
        #expect(cases.count == 3)
        for c in cases {
            let (stride, padding, outputPadding) = (try c.integers("stride"), try c.integers("padding"), try c.integers("output_padding"))
            let conv = ConvTranspose2D(weight: try c.tensor("weight", permuted: [2, 3, 1, 0]), bias: try c.tensor("bias", permuted: [0]),
                                       stride: (stride[0], stride[1]), padding: (padding[0], padding[1]),
                                       outputPadding: (outputPadding[0], outputPadding[1]))
            let worst = try Self.compare(c, layer: conv, weight: conv.weight, bias: conv.bias, axes: [0, 2, 3, 1],
                                         label: "ConvTranspose2d stride \(stride) padding \(padding) output padding \(outputPadding) vs PyTorch")
            #expect(worst <= 1e-10)
        }
    }
}
