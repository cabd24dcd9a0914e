// The assignments named parameters by hand (`W1`, `gamma2`, `conv_w`); AdjointNN names them by
// their path in the model. These key maps translate, where the two meet: the reference
// networks take their parameters by the assignments' names.
import AdjointNN

/// Key maps from AdjointNN parameter and buffer paths to the assignments' names.
///
/// ```swift
/// let names = AssignmentNames.of(TwoLayerNet<Double>(inputSize: 4, hiddenSize: 3, classes: 2))
/// // ["fc1.weight": "W1", "fc1.bias": "b1", "fc2.weight": "W2", "fc2.bias": "b2"]
/// ```
public enum AssignmentNames {
    /// The numbered nets' names: `W1, b1, W2, b2`.
    public static func of<S>(_ net: TwoLayerNet<S>) -> [String: String] {
        ["fc1.weight": "W1", "fc1.bias": "b1", "fc2.weight": "W2", "fc2.bias": "b2"]
    }

    /// `W1, b1, gamma1, beta1, running_mean1, running_var1, ...`: the `i`-th Linear is layer `i`,
    /// and a batch norm takes the number of the Linear before it.
    public static func of<S>(_ net: FullyConnectedNet<S>) -> [String: String] {
        var names: [String: String] = [:]
        var number = 0
        for (i, layer) in net.layers.enumerated() {
            if layer is Linear<S> {
                number += 1
                names["layers.\(i).weight"] = "W\(number)"
                names["layers.\(i).bias"] = "b\(number)"
            } else if layer is BatchNorm<S> {
                names["layers.\(i).gamma"] = "gamma\(number)"
                names["layers.\(i).beta"] = "beta\(number)"
                names["layers.\(i).runningMean"] = "running_mean\(number)"
                names["layers.\(i).runningVariance"] = "running_var\(number)"
            }
        }
        return names
    }

    /// The test CNN's names: `conv_w, conv_b, fc_w, fc_b`.
    ///
    /// ```swift
    /// AssignmentNames.of(TestCNN<Double>())["conv.weight"]   // "conv_w"
    /// ```
    public static func of<S>(_ net: TestCNN<S>) -> [String: String] {
        ["conv.weight": "conv_w", "conv.bias": "conv_b", "fc.weight": "fc_w", "fc.bias": "fc_b"]
    }
}
