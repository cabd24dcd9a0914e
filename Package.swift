// swift-tools-version: 6.1
import PackageDescription

// Speed: the matrix kernels are written with Swift SIMD types, which only become real
// vector FMA instructions when the compiler is told the target CPU. The `NativeCPU` trait
// (on by default) passes `-march=native` to the targets that hold hot loops. A package that
// depends on Adjoint by version can turn it off (`traits: []`), because SwiftPM refuses
// unsafe flags in versioned dependencies; the code then builds for the baseline CPU.
let nativeCPU: [SwiftSetting] = [
    .unsafeFlags(["-Xcc", "-march=native"], .when(traits: ["NativeCPU"])),
]

let package = Package(
    name: "Adjoint",
    products: [
        .library(name: "Adjoint", targets: ["Adjoint"]),
        .library(name: "AdjointNN", targets: ["AdjointNN"]),
        .library(name: "AdjointReference", targets: ["AdjointReference"]),
    ],
    traits: [
        .trait(name: "NativeCPU", description: "Compile hot loops for the build machine's CPU (-march=native)."),
        .default(enabledTraits: ["NativeCPU"]),
    ],
    targets: [
        // The engine: tensors, kernels, the tape, primitives, gradient checking.
        .target(name: "Adjoint", swiftSettings: nativeCPU),
        // Layers, losses, optimizers, training, data, checkpoints, reports.
        .target(name: "AdjointNN", dependencies: ["Adjoint"], swiftSettings: nativeCPU),
        // The assignments' hand-written forward/backward passes: the answer key.
        .target(name: "AdjointReference", dependencies: ["Adjoint"]),

        .executableTarget(name: "bench", dependencies: ["AdjointNN"], path: "Sources/bench", swiftSettings: nativeCPU),
        .executableTarget(name: "train", dependencies: ["AdjointNN"], path: "Examples/train"),
        .executableTarget(name: "gradcheck", dependencies: ["AdjointNN", "AdjointReference"], path: "Examples/gradcheck"),
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
        .testTarget(name: "AdjointReferenceTests", dependencies: ["AdjointNN", "AdjointReference"]),
    ]
)
