import Foundation
import Testing
@testable import Adjoint

// unsqueeze, squeeze and stack; softmax and logSoftmax along any axis, negative and middle
// ones included; sum, mean and max over any set of axes, with and without kept dimensions.

@Suite struct AxisOpsTests {
    let x = random([2, 3, 4], seed: 330, low: -2, high: 2)

    @Test func unsqueezeAndSqueeze() {
        #expect(V(x).unsqueeze(axis: 0).shape == [1, 2, 3, 4])
        #expect(V(x).unsqueeze(axis: 1).shape == [2, 1, 3, 4])
        #expect(V(x).unsqueeze(axis: -1).shape == [2, 3, 4, 1])
        #expect(V(x).unsqueeze(axis: -2).shape == [2, 3, 1, 4])
        #expect(x.unsqueezed(axis: 3).shape == [2, 3, 4, 1])
        let y = V(T.zeros([1, 3, 1, 2]))
        #expect(y.squeeze().shape == [3, 2])
        #expect(y.squeeze(axis: 0).shape == [3, 1, 2])
        #expect(y.squeeze(axis: -2).shape == [1, 3, 2])
        #expect(T.zeros([1, 1]).squeezed().shape == [])
        #expect(V(x).unsqueeze(axis: 2).squeeze(axis: 2).value == x)
        expectGradcheck("unsqueeze", { $0[0].unsqueeze(axis: 1) * $0[0].unsqueeze(axis: 1) }, at: [x])
        expectGradcheck("squeeze", { $0[0].squeeze() * 2 }, at: [random([3, 1, 4], seed: 331)])
    }

    @Test(arguments: [0, 1, 2, -1, -3])
    func stack(axis: Int) {
        let parts = (0..<3).map { random([2, 4], seed: 332 + UInt64($0)) }
        let stacked = Variable.stack(parts.map { V($0) }, axis: axis)
        let a = axis < 0 ? axis + 3 : axis
        var shape = [2, 4]
        shape.insert(3, at: a)
        #expect(stacked.shape == shape)
        // Element [i, j] of part p sits at the index with p inserted at the new axis.
        for index in allIndices(shape) {
            var rest = index
            let p = rest.remove(at: a)
            #expect(stacked.value.scalars[broadcastOffset(index, in: shape)] == parts[p].scalars[rest[0] * 4 + rest[1]])
        }
        #expect(Tensor.stack(parts, axis: axis) == stacked.value)
        expectGradcheck("stack axis \(axis)", { v in Variable.stack(v, axis: axis) * Variable.stack(v, axis: axis) }, at: parts)
    }

    @Test(arguments: [0, 1, 2, -1, -2, -3])
    func softmaxAlongAnyAxis(axis: Int) {
        let e = x.exp()
        let reference = e / e.sum(alongAxes: [axis], keepingDimensions: true)
        expectClose(V(x).softmax(alongAxis: axis).value, reference, tolerance: 1e-15)
        expectClose(V(x).logSoftmax(alongAxis: axis).value, reference.log(), tolerance: 1e-14)
        expectClose(V(x).softmax(alongAxis: axis).value.sum(alongAxes: [axis]),
                    T.ones(x.shape(droppingAxes: [axis], op: "test")), tolerance: 1e-15)
        let upstream = random([2, 3, 4], seed: 340)
        expectGradcheck("softmax axis \(axis)", { $0[0].softmax(alongAxis: axis) }, at: [x], upstream: upstream)
        expectGradcheck("logSoftmax axis \(axis)", { $0[0].logSoftmax(alongAxis: axis) }, at: [x], upstream: upstream)
    }

    static let axisSets: [[Int]?] = [nil, [0], [1], [-1], [0, 2], [-1, -3], [1, 2], [0, 1, 2]]

    @Test(arguments: axisSets, [false, true])
    func reductionsOverAnyAxes(axes: [Int]?, keep: Bool) {
        let all = axes ?? [0, 1, 2]
        let sum = referenceReduce(x, axes: all, keepingDimensions: keep) { $0.reduce(0, +) }
        let max = referenceReduce(x, axes: all, keepingDimensions: keep) { $0.max()! }
        let mean = referenceReduce(x, axes: all, keepingDimensions: keep) { $0.reduce(0, +) / Double($0.count) }
        expectClose(V(x).sum(alongAxes: axes, keepingDimensions: keep).value, sum, tolerance: 1e-14)
        expectClose(V(x).mean(alongAxes: axes, keepingDimensions: keep).value, mean, tolerance: 1e-15)
        #expect(V(x).max(alongAxes: axes, keepingDimensions: keep).value == max)
        let label = "\(axes.map(\.description) ?? "all") keep \(keep)"
        expectGradcheck("sum \(label)", { $0[0].sum(alongAxes: axes, keepingDimensions: keep) }, at: [x], upstream: sum * 0 + 1.5)
        expectGradcheck("mean \(label)", { $0[0].mean(alongAxes: axes, keepingDimensions: keep).squared() }, at: [x])
        expectGradcheck("max \(label)", { $0[0].max(alongAxes: axes, keepingDimensions: keep).squared() }, at: [x])
    }

    @Test func maxOverAxesSplitsTiesEvenly() {
        let v = V(T([1, 3, 3, 0, 3, 2], shape: [2, 3]))
        v.max(alongAxes: [0, 1]).backward()
        let third = 1.0 / 3
        #expect(v.grad!.scalars == [0, third, third, 0, third, 0])
    }
}
