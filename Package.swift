// swift-tools-version: 6.1
import PackageDescription

// Speed: the GEMM's register tiles are C (CKernels) with per-function target attributes,
// chosen by cpuid at run time, so every build gets them. The elementwise loops are Swift SIMD
// code, which becomes AVX and FMA instructions only when the compiler is told the target CPU
// (`-march=native`). SwiftPM refuses unsafe flags in a package used as a versioned dependency,
// whatever their condition (a trait-gated flag is refused too), so the flag is only added when
// this package is built as the root package or from a local path, and never in a dependency
// checkout, where a training step is slower (`.ci/dependency-speed` measures by how much).
// ADJOINT_NATIVE_CPU=0 or =1 overrides. `NativeCPU` tells the Swift kernels they may use fused
// multiply-add. `-fno-math-errno` lets the square root Swift's `squareRoot()` calls (a C
// `__builtin_sqrtf`, which may set errno) compile to a vector instruction rather than eight
// scalar ones with a libm fallback each. The results are the same: a square root is correctly
// rounded either way.
import Foundation

let inDependencyCheckout = Context.packageDirectory.contains("/checkouts/")
let nativeCPU = ProcessInfo.processInfo.environment["ADJOINT_NATIVE_CPU"].map { $0 != "0" } ?? !inDependencyCheckout
let fast: [SwiftSetting] = nativeCPU ? [.unsafeFlags(["-Xcc", "-march=native", "-Xcc", "-fno-math-errno"]), .define("NativeCPU")] : []

let package = Package(
    name: "Adjoint",
    products: [
        .library(name: "Adjoint", targets: ["Adjoint"]),
        .library(name: "AdjointNN", targets: ["AdjointNN"]),
        .library(name: "AdjointData", targets: ["AdjointData"]),
        .library(name: "AdjointTraining", targets: ["AdjointTraining"]),
        .library(name: "AdjointReference", targets: ["AdjointReference"]),
        .library(name: "AdjointDistributed", targets: ["AdjointDistributed"]),
    ],
    // MPI: data-parallel training under `mpirun` on Open MPI (`swift build --traits MPI`). Off by
    // default, so the default build and consumers that do not enable it need no MPI installed.
    traits: [.trait(name: "MPI", description: "Data-parallel training across processes on Open MPI (needs libopenmpi-dev)")],
    targets: [
        // The engine: tensors, kernels, the tape, primitives, gradient checking.
        .target(name: "Adjoint", dependencies: ["CKernels"], swiftSettings: fast),
        // The GEMM register tiles in C, built for AVX-512, AVX2 and the baseline and chosen by
        // cpuid at run time: the speed a versioned dependency gets without any flags.
        .target(name: "CKernels"),
        // Module, layers, losses, optimizers, models: no Foundation, no file I/O.
        .target(name: "AdjointNN", dependencies: ["Adjoint", "CKernels"], swiftSettings: fast),
        // Data on disk: gzip/inflate, IDX, CIFAR, datasets, splits, batching, safetensors.
        .target(name: "AdjointData", dependencies: ["Adjoint"], swiftSettings: fast),
        // Training a model: Trainer, schedules, checkpoints, evaluation, reports.
        .target(name: "AdjointTraining", dependencies: ["AdjointNN", "AdjointData"], swiftSettings: fast),
        // What `train` and the example scripts share: options, locating Data/, exit codes.
        .target(name: "AdjointCommandLine", dependencies: ["AdjointTraining", "AdjointDistributed"]),
        // Data-parallel training: sharding, gradient buckets, checksums; the MPI transport only
        // with the MPI trait, through the CMPI system library (found with pkg-config).
        .target(name: "AdjointDistributed",
                dependencies: ["AdjointTraining", .target(name: "CMPI", condition: .when(traits: ["MPI"]))]),
        .systemLibrary(name: "CMPI", pkgConfig: "ompi",
                       providers: [.apt(["libopenmpi-dev"])]),
        // The assignments' hand-written forward/backward passes: the answer key.
        .target(name: "AdjointReference", dependencies: ["Adjoint"]),
        // The three-way gradient checks (tape vs reference vs numerical) behind `gradcheck`.
        .target(name: "AdjointChecks", dependencies: ["AdjointNN", "AdjointReference"]),

        .executableTarget(name: "bench", dependencies: ["AdjointTraining"], path: "Sources/bench", swiftSettings: fast),
        .executableTarget(name: "train", dependencies: ["AdjointCommandLine"], path: "Examples/train"),
        .executableTarget(name: "evaluate", dependencies: ["AdjointCommandLine"], path: "Examples/evaluate"),
        .executableTarget(name: "tape-tour", dependencies: ["AdjointCommandLine"], path: "Examples/tape-tour"),
        // The data-parallel equality and failure checks, run by CI under `mpirun -np 2`.
        .executableTarget(name: "distributed-check", dependencies: ["AdjointDistributed"], path: "Examples/distributed-check"),
        .executableTarget(name: "gradcheck", dependencies: ["AdjointChecks"], path: "Examples/gradcheck"),
        .executableTarget(name: "compare", dependencies: ["AdjointCommandLine"], path: "Examples/compare"),
        // A DCGAN on Fashion-MNIST, its training loop written by hand.
        .executableTarget(name: "gan", dependencies: ["AdjointCommandLine"], path: "Examples/gan"),
        // One script per experiment of the assignments.
        .executableTarget(name: "two-layer-net", dependencies: ["AdjointCommandLine"], path: "Examples/two-layer-net"),
        .executableTarget(name: "dropout", dependencies: ["AdjointCommandLine"], path: "Examples/dropout"),
        .executableTarget(name: "optimizers", dependencies: ["AdjointCommandLine"], path: "Examples/optimizers"),
        .executableTarget(name: "regularization", dependencies: ["AdjointCommandLine"], path: "Examples/regularization"),
        .executableTarget(name: "adam-weight-decay", dependencies: ["AdjointCommandLine"], path: "Examples/adam-weight-decay"),
        .executableTarget(name: "tinynet", dependencies: ["AdjointCommandLine"], path: "Examples/tinynet"),
        .executableTarget(name: "cnn", dependencies: ["AdjointCommandLine"], path: "Examples/cnn"),
        .executableTarget(name: "regression", dependencies: ["AdjointCommandLine"], path: "Examples/regression"),
        // Character-level language models (bigram, MLP, LSTM, transformer) on Data/words.txt.
        .executableTarget(name: "char-model", dependencies: ["AdjointCommandLine"], path: "Examples/char-model"),

        .testTarget(name: "AdjointTests", dependencies: ["Adjoint", "CKernels"]),
        // Fixtures/ holds PyTorch's vectors and the script that makes them, read through #filePath.
        .testTarget(name: "AdjointNNTests", dependencies: ["AdjointNN"], exclude: ["Fixtures"]),
        .testTarget(name: "AdjointDataTests", dependencies: ["AdjointData"]),
        // Fixtures/ holds PyTorch state_dicts and outputs and the script that makes them, read through #filePath.
        .testTarget(name: "AdjointTrainingTests", dependencies: ["AdjointTraining"], exclude: ["Fixtures"]),
        .testTarget(name: "AdjointDistributedTests", dependencies: ["AdjointDistributed"]),
        // Fixtures: checkpoints an earlier build wrote, which today's must resume to the same bytes.
        .testTarget(name: "AdjointCommandLineTests", dependencies: ["AdjointCommandLine"], exclude: ["Fixtures"]),
        .testTarget(name: "AdjointFuzzTests", dependencies: ["AdjointTraining", "AdjointCommandLine"]),
        // The README's Swift blocks, compiled from README.md by the ReadmeBlocks plugin and run.
        .testTarget(name: "ReadmeTests", dependencies: ["AdjointTraining"], plugins: ["ReadmeBlocks"]),
        .executableTarget(name: "readme-blocks", path: "Sources/readme-blocks"),
        .plugin(name: "ReadmeBlocks", capability: .buildTool(), dependencies: ["readme-blocks"]),
        // The Swift blocks of the `///` comments and DocC articles under Sources/, compiled by the
        // DocExamples plugin. Their thousands of "value never used" warnings are silenced.
        .testTarget(name: "DocExampleTests", dependencies: ["AdjointCommandLine", "AdjointChecks"],
                    swiftSettings: inDependencyCheckout ? [] : [.unsafeFlags(["-suppress-warnings"])], plugins: ["DocExamples"]),
        .executableTarget(name: "doc-examples", path: "Sources/doc-examples"),
        .plugin(name: "DocExamples", capability: .buildTool(), dependencies: ["doc-examples"]),
        // The run and compare pages (also in a headless browser) and the models' training recipes.
        .testTarget(name: "AdjointReportTests", dependencies: ["AdjointCommandLine", "AdjointChecks"]),
        .testTarget(name: "AdjointReferenceTests", dependencies: ["AdjointNN", "AdjointReference", "AdjointChecks"]),
    ]
)
