import AdjointTraining

/// `cnn_train_images_per_s`: training steps of SmallConvolutionalNetwork (28x28x1 -> conv 3x3x32
/// - pool - conv 3x3x64 - pool - FC 128 - FC 10, Adam, batch 64), in images per second.
/// `cnn_tape_mib`: the bytes one of those steps' recorded graph keeps before its backward pass.
/// `conv_gflops`: forward plus backward (input and weight gradients) of its second convolution
/// (64 x 14 x 14 x 32 -> 64 channels, 3x3, padding 1), counting 2 * N * H * W * k * k * inC * outC
/// floating-point operations per pass, three passes.
/// `cnn_recipe_step_ms`: a training step of `train --model cnn`'s network (batch norm, FC 256)
/// with its loss and optimiser (label smoothing 0.1, AdamW: learning rate 1e-3, weight decay
/// 0.05), batch 64, augmentation off: `../shared/peers/recipe_seq.py`'s `cnn_recipe`.
/// These run the default, fused kernels (batch norms, biases with their ReLUs, the loss).
/// `cnn_recipe_plain_step_ms`: the same step inside `Fusion.with(false)` (compositions of
/// primitives); `cnn_train_plain_images_per_s` likewise.
func cnnBenchmarks() -> [String: Double] {
    var rng = SeededGenerator(seed: 0)
    let batch = 64
    let x = Tensor<Float>.randn([batch, 28, 28, 1], using: &rng)
    let labels = (0..<batch).map { $0 % 10 }
    let cnn = SmallConvolutionalNetwork<Float>(seed: 0)
    let adam = Adam(cnn.parameters, learningRate: 1e-3)
    let stepSeconds = medianTime(repeats: 20, seconds: 2) { step(cnn, adam, x, labels) }
    let plainCNN = SmallConvolutionalNetwork<Float>(seed: 0)
    let plainAdam = Adam(plainCNN.parameters, learningRate: 1e-3)
    let plainStepSeconds = medianTime(repeats: 20, seconds: 2) { Fusion.with(false) { step(plainCNN, plainAdam, x, labels) } }
    let tape = tapeMiB(softmaxCrossEntropy(cnn(x), labels: labels))

    func recipeSeconds(fused: Bool) -> Double {
        let recipe = SmallConvolutionalNetwork<Float>(hiddenSize: 256, batchNorm: true, seed: 0)
        let adamW = AdamW(recipe.parameters, learningRate: 1e-3, weightDecay: 0.05)
        return medianTime(repeats: 20, seconds: 2) {
            adamW.zeroGrad()
            Fusion.with(fused) { softmaxCrossEntropy(recipe(x), labels: labels, labelSmoothing: 0.1) }.backward()
            adamW.step()
        }
    }

    let input = Variable(Tensor<Float>.randn([batch, 14, 14, 32], using: &rng))
    let weights = Variable(Tensor<Float>.randn([3, 3, 32, 64], std: 0.1, using: &rng))
    let seed = Tensor<Float>.ones([batch, 14, 14, 64])
    let convSeconds = medianTime(repeats: 20) {
        input.conv2d(weights, padding: 1).backward(seed: seed)
        input.grad = nil
        weights.grad = nil
    }
    let flops = 3 * 2 * Double(batch * 14 * 14 * 9 * 32 * 64)
    return ["cnn_train_images_per_s": Double(batch) / stepSeconds, "cnn_train_plain_images_per_s": Double(batch) / plainStepSeconds,
            "conv_gflops": flops / convSeconds / 1e9,
            "cnn_tape_mib": tape, "cnn_recipe_step_ms": recipeSeconds(fused: true) * 1e3,
            "cnn_recipe_plain_step_ms": recipeSeconds(fused: false) * 1e3]
}
