import Foundation
import AdjointCommandLine
import AdjointDistributed
import AdjointChecks

// The names a ```swift block in a `///` comment may use without declaring them. The
// DocExamples plugin makes every block a method of one of the types here: `TensorExamples`
// for Sources/Adjoint/Tensor, Kernels and Random, `<Module>Examples` for the rest of a module,
// which has the names of `DocExampleNames` and a few of its own. So a block shows the call it
// documents rather than a page of set-up; a name it declares itself shadows the one here. The
// blocks are compiled, not run, so no name has a value.

/// The names every module's blocks may use: a model and its data, a step of training.
protocol DocExampleNames {}

extension DocExampleNames {
    /// A model taking `x` to class scores.
    var model: Module<Float> { fatalError() }
    /// An input batch `(N, D)` (or images `(N, H, W, C)`), a weight `(D, M)` and a bias `(M,)`.
    var x: Variable<Float> { fatalError() }
    var w: Variable<Float> { fatalError() }
    var b: Variable<Float> { fatalError() }
    /// Any other variables; `g` is an upstream gradient.
    var a: Variable<Float> { fatalError() }
    var v: Variable<Float> { fatalError() }
    var g: Variable<Float> { fatalError() }
    /// The labels of `x`, one class index per row.
    var y: [Int] { fatalError() }
    var labels: [Int] { fatalError() }
    /// Class scores `(N, K)`.
    var logits: Variable<Float> { fatalError() }
    var scores: Variable<Float> { fatalError() }
    /// The outputs and targets of a regression.
    var outputs: Variable<Float> { fatalError() }
    var targets: Variable<Float> { fatalError() }
    /// A scalar loss.
    var loss: Variable<Float> { fatalError() }
    /// A batch of images `(N, H, W, C)` as a tensor.
    var images: Tensor<Float> { fatalError() }
    var opt: Optimizer<Float> { fatalError() }
    var trainer: Trainer<Float> { fatalError() }
    /// A dataset, and the training and test parts of one.
    var dataset: Dataset { fatalError() }
    var train: Dataset { fatalError() }
    var test: Dataset { fatalError() }
    var splits: DataSplits { fatalError() }
    var loader: DataLoader { fatalError() }
    /// One batch of a `DataLoader`.
    var batch: Batch { fatalError() }
    /// A generator to pass as `&rng`.
    var rng: SeededGenerator { get { fatalError() } nonmutating set {} }
    /// A file and a folder.
    var url: URL { fatalError() }
    var folder: URL { fatalError() }
}

/// The names of blocks about tensors and kernels (Sources/Adjoint/Tensor, Kernels, Random).
struct TensorExamples {
    /// An input batch `(N, D)`, a weight `(D, M)`, a bias `(M,)`, any tensor `a`.
    var x: Tensor<Float> { fatalError() }
    var w: Tensor<Float> { fatalError() }
    var b: Tensor<Float> { fatalError() }
    var a: Tensor<Float> { fatalError() }
    /// An output and its upstream gradient.
    var y: Tensor<Float> { fatalError() }
    var dy: Tensor<Float> { fatalError() }
    /// Images `(N, H, W, C)`.
    var images: Tensor<Float> { fatalError() }
    /// The predictions and targets of a regression.
    var predictions: Tensor<Float> { fatalError() }
    var targets: Tensor<Float> { fatalError() }
    /// The geometry of a convolution's or a pooling's windows.
    var g: PatchGeometry { fatalError() }
    var rng: SeededGenerator { get { fatalError() } nonmutating set {} }
}

struct AdjointExamples: DocExampleNames {
    /// The error `withAnomalyDetection` threw.
    var anomaly: AnomalyError { fatalError() }
    var report: TapeMemoryReport { fatalError() }
}

struct AdjointNNExamples: DocExampleNames {
    var net: TwoLayerNet<Float> { fatalError() }
}

struct AdjointDataExamples: DocExampleNames {
    /// A data folder.
    var dir: String { fatalError() }
    /// What a reader threw.
    var error: DataError { fatalError() }
    /// The bytes of a file, such as a gzip stream.
    var bytes: [UInt8] { fatalError() }
    /// A safetensors file read whole.
    var file: SafeTensorsFile { fatalError() }
}

struct AdjointTrainingExamples: DocExampleNames {
    var net: TwoLayerNet<Float> { fatalError() }
    var cnn: SmallConvolutionalNetwork<Float> { fatalError() }
    /// A loss per step, and first-layer filters as images.
    var losses: [Double] { fatalError() }
    var filters: Tensor<Float> { fatalError() }
    /// A folder written whole, and the channel statistics of a dataset.
    var runFolder: RunFolder { fatalError() }
    var norm: ChannelNormalization { fatalError() }
    var augmentation: Augmentation { fatalError() }
    var progress: ProgressBar { fatalError() }
    var summary: ModelSummary { fatalError() }
    /// Reports and their parts, which a block may change.
    var report: RunReport { get { fatalError() } nonmutating set {} }
    var matrix: ConfusionMatrix { get { fatalError() } nonmutating set {} }
    var chart: LineChart { get { fatalError() } nonmutating set {} }
    var series: ChartSeries { get { fatalError() } nonmutating set {} }
    var grid: ImageGrid { get { fatalError() } nonmutating set {} }
    var page: HTMLPage { get { fatalError() } nonmutating set {} }
    var comparison: Comparison { get { fatalError() } nonmutating set {} }
    var comparisonPage: ComparisonPage { get { fatalError() } nonmutating set {} }
    var run: ComparisonPage.Run { get { fatalError() } nonmutating set {} }
}

struct AdjointDistributedExamples: DocExampleNames {
    var fingerprint: Fingerprint { get { fatalError() } nonmutating set {} }
    var buckets: GradientBuckets<Float> { get { fatalError() } nonmutating set {} }
    #if MPI
    /// The processes of a data-parallel run (with the `MPI` trait, as the blocks that use it).
    var world: Communicator { fatalError() }
    var parallel: DataParallel<Float> { fatalError() }
    #endif
}

struct AdjointCommandLineExamples: DocExampleNames {
    /// A command line's options, the settings of a run and what a run reports at its end.
    var options: TrainOptions { fatalError() }
    var settings: RunSettings { fatalError() }
    var summary: TrainCommand.Summary { fatalError() }
    var normalization: ChannelNormalization { fatalError() }
}

/// The names of blocks about the gradient checks (Sources/AdjointChecks), in Double.
struct AdjointChecksExamples {
    /// An input batch and its labels.
    var x: Tensor<Double> { fatalError() }
    var y: [Int] { fatalError() }
    /// A loss and a gradient `dx`, as a backward pass gave them and as centred differences did.
    var loss: Double { fatalError() }
    var dx: Tensor<Double> { fatalError() }
    var analytic: Tensor<Double> { fatalError() }
    var numerical: Tensor<Double> { fatalError() }
    /// The indices of the entries checked numerically.
    var entries: [Int] { fatalError() }
    /// A layer's output on the tape and in the reference.
    var tape: Tensor<Double> { fatalError() }
    var reference: Tensor<Double> { fatalError() }
    var check: ThreeWayCheck { fatalError() }
    var report: GradientReport { fatalError() }
    var row: GradientReport.Row { fatalError() }
    var rows: [GradientReport.Row] { fatalError() }
}

/// The names of blocks about the hand-written layers (Sources/AdjointReference), in Double.
struct AdjointReferenceExamples {
    /// An input batch, a weight, a bias and the upstream gradient of a layer's output.
    var x: Tensor<Double> { fatalError() }
    var b: Tensor<Double> { fatalError() }
    var dout: Tensor<Double> { fatalError() }
    var y: [Int] { fatalError() }
    var labels: [Int] { fatalError() }
    /// A weight to update in place, its gradient, and Adam's moments of it.
    var w: Tensor<Double> { get { fatalError() } nonmutating set {} }
    var dw: Tensor<Double> { fatalError() }
    var m: Tensor<Double> { fatalError() }
    var v: Tensor<Double> { fatalError() }
    var state: Reference.AdamState<Double> { get { fatalError() } nonmutating set {} }
    /// Batch norm's scale and shift, and its running statistics.
    var gamma: Tensor<Double> { fatalError() }
    var beta: Tensor<Double> { fatalError() }
    var running: Reference.BatchNormRunning<Double> { get { fatalError() } nonmutating set {} }
    /// The first layer's weight, bias and batch-norm scale and shift, and its output's gradient.
    var w1: Tensor<Double> { fatalError() }
    var b1: Tensor<Double> { fatalError() }
    var g1: Tensor<Double> { fatalError() }
    var be1: Tensor<Double> { fatalError() }
    var dhidden: Tensor<Double> { fatalError() }
    /// Images `(N, H, W, C)`, the gradient of their flattened rows, and class scores.
    var images: Tensor<Double> { fatalError() }
    var dflat: Tensor<Double> { fatalError() }
    var scores: Tensor<Double> { fatalError() }
    var rng: SeededGenerator { get { fatalError() } nonmutating set {} }
}
