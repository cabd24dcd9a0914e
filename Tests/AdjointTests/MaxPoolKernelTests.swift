import Testing
@testable import Adjoint

/// The eight-channel max-pooling kernel against a plain loop over each window: the same
/// maxima and the same winning index, the first in row-major window order on ties, with
/// padding and a channel count that leaves a partial vector.
@Suite struct MaxPoolKernel {
    /// Each window's maximum and its flat index, one element at a time.
    func reference<S: TensorScalar>(_ x: Tensor<S>, _ g: PatchGeometry) -> (values: [S], argmax: [Int]) {
        let v = x.scalars
        var values: [S] = [], argmax: [Int] = []
        for n in 0..<g.batch {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    for c in 0..<g.channels {
                        var best: Int? = nil
                        for ky in 0..<g.kernelHeight {
                            for kx in 0..<g.kernelWidth {
                                let iy = oy * g.strideHeight + ky - g.paddingHeight
                                let ix = ox * g.strideWidth + kx - g.paddingWidth
                                guard iy >= 0 && iy < g.height && ix >= 0 && ix < g.width else { continue }
                                let i = ((n * g.height + iy) * g.width + ix) * g.channels + c
                                if best == nil || v[i] > v[best!] { best = i }
                            }
                        }
                        values.append(v[best!])
                        argmax.append(best!)
                    }
                }
            }
        }
        return (values, argmax)
    }

    func check<S: TensorScalar>(_: S.Type, channels: Int, kernel: Int, stride: Int, padding: Int) {
        var rng = SeededGenerator(seed: UInt64(channels * 10 + kernel))
        // Rounded to a few values, so most windows have ties.
        let x = (Tensor<S>.randn([3, 9, 7, channels], using: &rng) * 2).map(.sign)
        let g = PatchGeometry(input: x.shape, kernel: kernel, stride: stride, padding: padding, op: "test")
        let (values, argmax) = x.maxPooled(g)
        let expected = reference(x, g)
        #expect(values.scalars == expected.values)
        #expect(argmax == expected.argmax)
    }

    @Test(arguments: [(11, 2, 2, 0), (16, 3, 2, 1), (8, 3, 1, 1), (3, 2, 2, 0), (20, 4, 3, 2)])
    func matchesPlainLoop(channels: Int, kernel: Int, stride: Int, padding: Int) {
        check(Double.self, channels: channels, kernel: kernel, stride: stride, padding: padding)
        check(Float.self, channels: channels, kernel: kernel, stride: stride, padding: padding)
    }
}
