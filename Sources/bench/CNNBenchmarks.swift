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
func cnnTrainBenchmarks() -> [String: Double] {
    let (x, labels) = cnnBatch()
    let cnn = SmallConvolutionalNetwork<Float>(seed: 0)
    let adam = Adam(cnn.parameters, learningRate: 1e-3)
    let stepSeconds = medianTime(repeats: 20, seconds: 2) { step(cnn, adam, x, labels) }
    let tape = tapeMiB(softmaxCrossEntropy(cnn(x), labels: labels))
    return ["cnn_train_images_per_s": Double(x.shape[0]) / stepSeconds, "cnn_tape_mib": tape]
}

/// `cnn_train_plain_images_per_s`, apart so that `bench cnn_train_images` profiles the fused step alone.
func cnnTrainPlainBenchmarks() -> [String: Double] {
    let (x, labels) = cnnBatch()
    let plainCNN = SmallConvolutionalNetwork<Float>(seed: 0)
    let plainAdam = Adam(plainCNN.parameters, learningRate: 1e-3)
    let plainStepSeconds = medianTime(repeats: 20, seconds: 2) { Fusion.with(false) { step(plainCNN, plainAdam, x, labels) } }
    return ["cnn_train_plain_images_per_s": Double(x.shape[0]) / plainStepSeconds]
}

/// `cnn_recipe_step_ms` (`fused`) or `cnn_recipe_plain_step_ms`.
func cnnRecipeBenchmarks(fused: Bool) -> [String: Double] {
    let (x, labels) = cnnBatch()
    let recipe = SmallConvolutionalNetwork<Float>(hiddenSize: 256, batchNorm: true, seed: 0)
    let adamW = AdamW(recipe.parameters, learningRate: 1e-3, weightDecay: 0.05)
    let seconds = medianTime(repeats: 20, seconds: 2) {
        adamW.zeroGrad()
        Fusion.with(fused) { softmaxCrossEntropy(recipe(x), labels: labels, labelSmoothing: 0.1) }.backward()
        adamW.step()
    }
    return [fused ? "cnn_recipe_step_ms" : "cnn_recipe_plain_step_ms": seconds * 1e3]
}

/// `conv_gflops`.
func convBenchmarks() -> [String: Double] {
    var rng = SeededGenerator(seed: 1)
    let batch = 64
    let input = Variable(Tensor<Float>.randn([batch, 14, 14, 32], using: &rng))
    let weights = Variable(Tensor<Float>.randn([3, 3, 32, 64], std: 0.1, using: &rng))
    let seed = Tensor<Float>.ones([batch, 14, 14, 64])
    let convSeconds = medianTime(repeats: 20) {
        input.conv2d(weights, padding: 1).backward(seed: seed)
        input.grad = nil
        weights.grad = nil
    }
    let flops = 3 * 2 * Double(batch * 14 * 14 * 9 * 32 * 64)
    return ["conv_gflops": flops / convSeconds / 1e9]
}

/// The images (64 x 28 x 28 x 1) and labels of the CNN benchmarks.
func cnnBatch() -> (Tensor<Float>, [Int]) {
    var rng = SeededGenerator(seed: 0)
    return (Tensor<Float>.randn([64, 28, 28, 1], using: &rng), (0..<64).map { $0 % 10 })
}
