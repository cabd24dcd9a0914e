import Testing
@testable import AdjointNN

/// The assignment's TestCNN on the SPEC's linspace parameters.
@Test func testCNNMatchesFixedVectors() throws {
    let net = TestCNN<Double>()
    #expect(net.namedParameters.map(\.path) == ["conv.weight", "conv.bias", "fc.weight", "fc.bias"])
    try net.load([
        "conv.weight": Tensor(linspace: -0.7, 0.3, count: 81).reshaped([3, 3, 3, 3]),
        "conv.bias": Tensor(linspace: -0.6, 0.2, count: 3),
        "fc.weight": Tensor(linspace: -0.2, 0.2, count: 135).reshaped([27, 5]),
        "fc.bias": Tensor(linspace: -0.9, 0.1, count: 5),
    ])
    let x = Variable(constant: Tensor<Double>(linspace: -5.5, 4.5, count: 768).reshaped([4, 8, 8, 3]))
    let scores = net(x).value
    let expected: [Double] = [
        -13.85107294362606, -11.52845818171204, -9.205843419798022, -6.8832286578839845, -4.560613895969958,
        -11.4451417132071, -10.212005244312978, -8.978868775418857, -7.745732306524746, -6.5125958376306174,
        -9.039210482788143, -8.89555230691393, -8.751894131039714, -8.608235955165501, -8.464577779291288,
        -6.633279252369176, -7.579099369514874, -8.524919486660563, -9.470739603806258, -10.416559720951946,
    ]
    let difference = (scores - Tensor(expected, shape: [4, 5])).abs().sum().scalar
    #expect(difference < 1e-6, "sum |scores - expected| = \(difference)")
    let loss = softmaxCrossEntropy(net(x), labels: [0, 2, 1, 4]).value.scalar
    #expect(abs(loss - 4.560468487996927) < 1e-10, "loss \(loss)")
}
