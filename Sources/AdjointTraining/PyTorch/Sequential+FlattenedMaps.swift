extension Sequential {
    /// The map each of its `Linear`s takes flattened, keyed as `flattenedMaps` wants them (`"4"`
    /// for `layers[4]`; prefix them with the `Sequential`'s own key when it sits inside a larger
    /// model), found by running a zero input of `inputShape` through the layers in evaluation
    /// mode: a `Linear` that gets an NHWC map, directly or through a `Flatten`, gets its `(C, H, W)`.
    /// The modes are restored after, and nothing else changes.
    ///
    /// ```swift
    /// let net = Sequential<Float>([Conv2D(inChannels: 1, outChannels: 6, kernel: 5), ReLU(), MaxPool2D(pool: 2, stride: 2),
    ///                              Flatten(), Linear(6 * 14 * 14, 10)])
    /// print(net.flattenedMaps(inputShape: [1, 32, 32, 1]))   // ["4": FlattenedMap(channels: 6, height: 14, width: 14)]
    /// ```
    public func flattenedMaps(inputShape: [Int]) -> [String: FlattenedMap] {
        let modes = ([(path: "", module: self as Module<Scalar>)] + namedModules).map { ($0.module, $0.module.isTraining) }
        eval()
        defer { for (module, training) in modes { if training { module.train() } else { module.eval() } } }
        var maps: [String: FlattenedMap] = [:]
        var flattened: [Int]?   // the NHWC shape a Flatten flattened, until a Linear takes it
        withoutGradients {
            var x = Variable<Scalar>(constant: .zeros(inputShape))
            for (index, layer) in layers.enumerated() {
                if let linear = layer as? Linear<Scalar> {
                    let direct = x.shape.count == 4 && x.shape.dropFirst().reduce(1, *) == linear.weight.shape[0]
                    if let map = direct ? x.shape : flattened {
                        maps["\(index)"] = FlattenedMap(channels: map[3], height: map[1], width: map[2])
                    }
                    flattened = nil
                } else if layer is Flatten<Scalar> && x.shape.count == 4 {
                    flattened = x.shape
                }
                x = layer(x)
            }
        }
        return maps
    }
}
