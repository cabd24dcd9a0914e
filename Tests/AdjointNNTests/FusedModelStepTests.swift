import Testing
@testable import AdjointNN

// FullyConnectedNet and SmallConvolutionalNetwork with batch norm record batch norm and ReLU
// as one node (`batchNormReLU`) and dropout as one (`dropout`); their training steps keep the
// bits of the layers run one by one as before (the fused batch norm, then ReLU, then dropout's
// composition), so `train`'s fused runs are unchanged.

@Suite struct FusedModelSteps {
    /// Two Adam steps of `model` (its own forward) and of `twin` (`layerByLayer`) on the same
    /// batches: the losses and every parameter afterwards, bit for bit.
    static func expectSameSteps<M: Module<Float>>(_ model: M, _ twin: M, input shape: [Int],
                                                  layerByLayer: @escaping (M, Variable<Float>) -> Variable<Float>) {
        let adam = Adam(model.parameters, learningRate: 1e-2), twinAdam = Adam(twin.parameters, learningRate: 1e-2)
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<2 {
            let x = Tensor<Float>.randn(shape, using: &rng), labels = (0..<shape[0]).map { $0 % 10 }
            adam.zeroGrad()
            twinAdam.zeroGrad()
            let loss = Fusion.with(true) { softmaxCrossEntropy(model(x), labels: labels) }
            let twinLoss = Fusion.with(true) { softmaxCrossEntropy(layerByLayer(twin, Variable(x)), labels: labels) }
            #expect(loss.value.scalar.bitPattern == twinLoss.value.scalar.bitPattern)
            loss.backward()
            twinLoss.backward()
            adam.step()
            twinAdam.step()
        }
        for (p, q) in zip(model.namedParameters, twin.namedParameters) {
            #expect(p.variable.value.scalars.map(\.bitPattern) == q.variable.value.scalars.map(\.bitPattern), "\(p.path)")
        }
    }

    @Test func fullyConnectedNetRecordsTheFusedNodesWithTheLayersBits() {
        func net() -> FullyConnectedNet<Float> {
            FullyConnectedNet(hiddenSizes: [40, 30], inputSize: 48, classes: 10, dropout: 0.85, useBatchNorm: true, seed: 2)
        }
        let names = net()(Tensor<Float>.ones([4, 48])).recordedPrimitives.map(\.name)
        #expect(names.contains("batchNormReLU") && names.contains("dropout") && !names.contains("maximum"))
        Self.expectSameSteps(net(), net(), input: [16, 48]) { net, x in
            // Dropout as its composition: the product with the mask drawn apart.
            net.layers.reduce(x) { h, layer in Fusion.with(!(layer is Dropout<Float>)) { layer(h) } }
        }
    }

    @Test func convolutionalNetworkRecordsTheFusedNodeWithTheLayersBits() {
        func net() -> SmallConvolutionalNetwork<Float> {
            SmallConvolutionalNetwork(height: 8, width: 8, channels: 2, classes: 10, filters: (4, 6), hiddenSize: 12,
                                      batchNorm: true, seed: 4)
        }
        #expect(net()(Tensor<Float>.ones([2, 8, 8, 2])).recordedPrimitives.map(\.name).contains("batchNormReLU"))
        Self.expectSameSteps(net(), net(), input: [6, 8, 8, 2]) { net, x in
            let h = net.pool(net.bn1!(net.conv1(x)).relu())
            return net.fc2(net.fc1(net.pool(net.bn2!(net.conv2(h)).relu()), activation: .relu))
        }
    }
}
