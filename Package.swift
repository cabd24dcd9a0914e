// swift-tools-version: 6.1
import PackageDescription

// Speed: the kernels are Swift SIMD code, which becomes vector FMA instructions only when the
// compiler is told the target CPU (`-march=native`: about 450 GFLOP/s for a Float GEMM on the
// 2-core Zen 5 this was tuned on, against 40 without it). SwiftPM refuses unsafe flags in a
// package used as a versioned dependency, whatever their condition (a trait-gated flag is
// refused too), so the flag is only added when this package is built as the root package or
// from a local path, and never in a dependency checkout. ADJOINT_NATIVE_CPU=0 or =1 overrides.
// `NativeCPU` tells the kernels they may use fused multiply-add.
import Foundation

let inDependencyCheckout = Context.packageDirectory.contains("/checkouts/")
let nativeCPU = ProcessInfo.processInfo.environment["ADJOINT_NATIVE_CPU"].map { $0 != "0" } ?? !inDependencyCheckout
let fast: [SwiftSetting] = nativeCPU ? [.unsafeFlags(["-Xcc", "-march=native"]), .define("NativeCPU")] : []

let package = Package(
    name: "Adjoint",
    products: [
        .library(name: "Adjoint", targets: ["Adjoint"]),
        .library(name: "AdjointNN", targets: ["AdjointNN"]),
        .library(name: "AdjointReference", targets: ["AdjointReference"]),
    ],
    targets: [
        // The engine: tensors, kernels, the tape, primitives, gradient checking.
        .target(name: "Adjoint", swiftSettings: fast),
        // Layers, losses, optimizers, training, data, checkpoints, reports.
        .target(name: "AdjointNN", dependencies: ["Adjoint"], swiftSettings: fast),
        // The assignments' hand-written forward/backward passes: the answer key.
        .target(name: "AdjointReference", dependencies: ["Adjoint"]),
        // The three-way gradient checks (tape vs reference vs numerical) behind `gradcheck`.
        .target(name: "AdjointChecks", dependencies: ["AdjointNN", "AdjointReference"]),

        .executableTarget(name: "bench", dependencies: ["AdjointNN"], path: "Sources/bench", swiftSettings: fast),
        .executableTarget(name: "train", dependencies: ["AdjointNN"], path: "Examples/train"),
        .executableTarget(name: "gradcheck", dependencies: ["AdjointChecks"], path: "Examples/gradcheck"),
        // One script per experiment of the assignments.
        .executableTarget(name: "two-layer-net", dependencies: ["AdjointNN"], path: "Examples/two-layer-net"),
        .executableTarget(name: "dropout", dependencies: ["AdjointNN"], path: "Examples/dropout"),
        .executableTarget(name: "optimizers", dependencies: ["AdjointNN"], path: "Examples/optimizers"),
        .executableTarget(name: "regularization", dependencies: ["AdjointNN"], path: "Examples/regularization"),
        .executableTarget(name: "adam-weight-decay", dependencies: ["AdjointNN"], path: "Examples/adam-weight-decay"),
        .executableTarget(name: "tinynet", dependencies: ["AdjointNN"], path: "Examples/tinynet"),
        .executableTarget(name: "cnn", dependencies: ["AdjointNN"], path: "Examples/cnn"),

        .testTarget(name: "AdjointTests", dependencies: ["Adjoint"]),
        .testTarget(name: "AdjointNNTests", dependencies: ["AdjointNN"]),
        .testTarget(name: "AdjointReferenceTests", dependencies: ["AdjointNN", "AdjointReference", "AdjointChecks"]),
    ]
)
