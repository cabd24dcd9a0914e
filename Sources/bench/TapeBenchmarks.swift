import AdjointTraining

/// `tape_scalar_ns_per_op`: a chain of 10,000 scalar operations recorded and differentiated,
/// per operation (forward plus backward), as micrograd and PyTorch are measured.
func tapeBenchmarks() -> [String: Double] {
    let ops = 10_000
    let seconds = medianTime(repeats: 15) {
        let x = Variable(Tensor<Double>(0.5))
        var y = x
        for i in 0..<ops / 2 {
            y = y * 0.999 + (i % 2 == 0 ? 0.001 : -0.001)   // two ops per iteration
        }
        y.backward()
        check(x.grad != nil, "tape benchmark: backward produced no gradient")
    }
    return ["tape_scalar_ns_per_op": seconds / Double(ops) * 1e9]
}
