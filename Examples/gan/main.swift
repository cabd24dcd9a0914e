// A DCGAN on Fashion-MNIST: a generator of transposed convolutions against a convolutional
// discriminator, each trained by Adam (lr 2e-4, beta1 0.5) on binary cross-entropy, in a loop
// written out by hand. The page shows the images of 16 fixed latent vectors after every epoch
// and the two losses.
//   swift run -c release gan [--full] [--epochs N] [--train-samples N] [--out DIR] [--seed N]
import AdjointCommandLine
import Foundation

let latentSize = 64
/// The DCGAN paper's initialisation: with He's, the discriminator wins from the first epochs.
let dcgan = Initialization.normal(std: 0.02)

/// Latent vector -> Linear -> 7x7x64 -> BN, ReLU -> 14x14x32 -> BN, ReLU -> 28x28x1 -> tanh.
final class Generator: Module<Float> {
    let project: Linear<Float>
    let upsample: Sequential<Float>

    init(rng: inout SeededGenerator) {
        project = Linear(latentSize, 7 * 7 * 64, initialization: dcgan, rng: &rng)
        upsample = Sequential([
            BatchNorm2D(channels: 64), ReLU(),
            ConvTranspose2D(inChannels: 64, outChannels: 32, kernel: 4, stride: 2, padding: 1, initialization: dcgan, rng: &rng),
            BatchNorm2D(channels: 32), ReLU(),
            ConvTranspose2D(inChannels: 32, outChannels: 1, kernel: 4, stride: 2, padding: 1, initialization: dcgan, rng: &rng),
        ])
        super.init()
    }

    override func forward(_ z: Variable<Float>) -> Variable<Float> {
        upsample(project(z).reshaped([z.shape[0], 7, 7, 64])).tanh()
    }
}

/// 28x28x1 -> 14x14x32 -> LeakyReLU -> 7x7x64 -> BN, LeakyReLU -> Linear -> one logit.
func makeDiscriminator(rng: inout SeededGenerator) -> Sequential<Float> {
    Sequential([
        Conv2D(inChannels: 1, outChannels: 32, kernel: 4, stride: 2, padding: 1, initialization: dcgan, rng: &rng),
        LeakyReLU(negativeSlope: 0.2),
        Conv2D(inChannels: 32, outChannels: 64, kernel: 4, stride: 2, padding: 1, initialization: dcgan, rng: &rng),
        BatchNorm2D(channels: 64), LeakyReLU(negativeSlope: 0.2),
        Linear(7 * 7 * 64, 1, initialization: dcgan, rng: &rng),
    ])
}

/// The two networks, their optimisers and one training step.
struct GAN {
    let generator: Generator
    let discriminator: Sequential<Float>
    let generatorOptimizer: Adam<Float>
    let discriminatorOptimizer: Adam<Float>

    init(rng: inout SeededGenerator) {
        generator = Generator(rng: &rng)
        discriminator = makeDiscriminator(rng: &rng)
        generatorOptimizer = Adam(generator.parameters, learningRate: 2e-4, beta1: 0.5)
        discriminatorOptimizer = Adam(discriminator.parameters, learningRate: 2e-4, beta1: 0.5)
    }

    /// One update of each network on `real` images in [-1, 1]; returns their losses.
    func step(real: Tensor<Float>, rng: inout SeededGenerator) -> (discriminator: Float, generator: Float) {
        let count = real.shape[0]
        let fake = generator(Tensor<Float>.randn([count, latentSize], using: &rng))
        let (ones, zeros) = (Variable(constant: Tensor<Float>.ones([count, 1])), Variable(constant: Tensor<Float>.zeros([count, 1])))
        // The discriminator learns real -> 1, generated -> 0, with the generator held fixed.
        discriminatorOptimizer.zeroGrad()
        let discriminatorLoss = binaryCrossEntropy(withLogits: discriminator(real), targets: ones)
            + binaryCrossEntropy(withLogits: discriminator(fake.detached()), targets: zeros)
        discriminatorLoss.backward()
        discriminatorOptimizer.step()
        // The generator learns to make the updated discriminator say 1 (the non-saturating loss).
        generatorOptimizer.zeroGrad()
        let generatorLoss = binaryCrossEntropy(withLogits: discriminator(fake), targets: ones)
        generatorLoss.backward()
        generatorOptimizer.step()
        return (discriminatorLoss.value.scalar, generatorLoss.value.scalar)
    }

    /// The generator's images of `latents` in inference mode (running batch statistics), in [0, 1].
    func samples(_ latents: Tensor<Float>) -> Tensor<Float> {
        generator.eval()
        defer { generator.train() }
        return withoutGradients { (generator(latents).value + 1) * 0.5 }
    }
}

/// The page: the last epoch's samples, both losses per iteration, and every epoch's samples.
func page(losses: (discriminator: [Double], generator: [Double]), grids: [Tensor<Float>], trainingCount: Int) -> HTMLPage {
    var page = HTMLPage(title: "DCGAN on Fashion-MNIST")
    let epochs = grids.count == 1 ? "1 epoch" : "\(grids.count) epochs"
    page.paragraph("\(trainingCount) training images, batches of 64, \(epochs); Adam lr 2e-4, beta1 0.5 for both networks.")
    page.heading("16 fixed latent vectors after epoch \(grids.count)")
    page.figure(ImageGrid(grids[grids.count - 1], scaling: .unit, columns: 8, pixelSize: 4).svg())
    page.heading("Losses")
    page.figure(LineChart(title: "binary cross-entropy", xLabel: "iteration", yLabel: "loss", series: [
        ChartSeries("discriminator", values: losses.discriminator, smoothing: .automatic),
        ChartSeries("generator", values: losses.generator, smoothing: .automatic),
    ]).svg())
    page.heading("The same latent vectors, epoch by epoch")
    for (epoch, images) in grids.enumerated() {
        page.figure(ImageGrid(images, scaling: .unit, columns: 16, pixelSize: 2).svg(), caption: "after epoch \(epoch + 1)")
    }
    return page
}

runExample(name: "gan", defaultEpochs: 15) { arguments in
    let output = try arguments.outputFolder()
    var images = try FashionMNIST.load(.train, from: FashionMNIST.directory(full: arguments.full))
    if arguments.trainingSamples > 0 && arguments.trainingSamples < images.count {
        images = images.subset(0..<arguments.trainingSamples)
    }
    // tanh's range: pixels 0...255 become 0...2 here and -1...1 batch by batch.
    let train = images.scaled(by: 2.0 / 255)
    let loader = DataLoader(train, batchSize: 64, shuffle: true, seed: arguments.seed, dropLast: true)
    var rng = SeededGenerator(seed: arguments.seed)
    let gan = GAN(rng: &rng)
    let latents = Tensor<Float>.randn([16, latentSize], using: &rng)
    var losses: (discriminator: [Double], generator: [Double]) = ([], [])
    var grids: [Tensor<Float>] = []
    let progress = ProgressBar(total: arguments.epochs * loader.batchCount, label: "gan")
    for epoch in 0..<arguments.epochs {
        for batch in loader.epoch(epoch) {
            let (d, g) = gan.step(real: batch.images - 1, rng: &rng)
            losses.discriminator.append(Double(d))
            losses.generator.append(Double(g))
            progress.advance(status: String(format: "D %.3f  G %.3f", d, g))
        }
        grids.append(gan.samples(latents))
        let html = page(losses: losses, grids: grids, trainingCount: train.count).document()
        try output.save { try AtomicFile.write(Data(html.utf8), to: $0.appendingPathComponent("index.html")) }
        progress.message("epoch \(epoch + 1): samples in \(output.url.path)/index.html")
    }
    progress.finish()
}
