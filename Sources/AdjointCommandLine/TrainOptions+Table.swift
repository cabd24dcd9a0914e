// Every option of `train` in one table: parsing, the usage, the recipes, the stored run
// settings, resuming and the run page all come from it.

extension TrainOptions {
    /// The options in the usage's order. The recipe defaults were picked by validation accuracy
    /// on the full Fashion-MNIST (a twelfth of the training images), never by test accuracy:
    /// see the README's results table. The CNN's cosine schedule, weight decay, label smoothing
    /// and 30 epochs each raised its best validation accuracy.
    package static let table: [TrainOption] = [
        .value("--dataset", "NAME", \.dataset, .choice, help: ["fashion-mnist (default), mnist, cifar10, cifar100"],
               stored: "dataset", row: ("data set", { settings, _ in
                   "\(settings.dataset.rawValue) (\(settings.dataDirectory ?? "the subset in Data/")), images \(settings.imageShape.map(String.init).joined(separator: "x"))"
               })),
        .value("--data", "DIR", \.dataDirectory, .path(absent: "Data/"), help: [
            "data folder (default: the Fashion-MNIST subset shipped in Data/;",
            "the full set is in /usr/share/datasets/fashion-mnist after",
            "`apt-get install dataset-fashion-mnist`)",
        ], stored: "data"),
        .value("--model", "NAME", \.model, .choice,
               help: ["fc (default: FullyConnectedNet 4x500, batch norm, dropout), two-layer, tiny, cnn"], stored: "model"),
        .value("--optimizer", "NAME", \.optimizer, .choice, help: ["adam (default), sgd, momentum, rmsprop"],
               stored: "optimizer", row: ("optimizer", { settings, _ in
                   "\(settings.optimizer.rawValue), learning rate \(settings.learningRate), "
                       + scheduleText(settings.schedule, learningRateDecay: settings.learningRateDecay, weightDecay: settings.weightDecay)
               })),
        .value("--epochs", "N", \.epochs, .count(Bounds.epochs), help: ["epochs to train (default: the model's recipe, below)"],
               onResume: .allowed, stored: "epochs", recipe: { model in switch model { case .fc, .cnn: 30; case .twoLayer: 20; case .tiny: 8 } },
               row: ("epochs", { settings, epochs in "\(epochs) of \(settings.epochs)" })),
        .value("--batch-size", "N", \.batchSize, .count(Bounds.batchSize), help: ["minibatch size (default: the recipe's)"],
               stored: "batchSize", recipe: { $0 == .cnn ? 64 : 100 },
               row: ("batch size", { settings, _ in String(settings.batchSize) })),
        .value("--lr", "X", \.learningRate, .rate(Bounds.learningRate), help: ["learning rate (default: the recipe's)"],
               stored: "learningRate", recipe: { _ in 1e-3 }),
        .value("--lr-decay", "X", \.learningRateDecay, .rate(Bounds.learningRateDecay),
               help: ["learning-rate factor per epoch, for --schedule exponential"],
               stored: "learningRateDecay", recipe: { $0 == .tiny ? 0.95 : 0.9 }),
        .value("--schedule", "NAME", \.schedule, .choice, help: [
            "exponential (--lr-decay per epoch), cosine (half a cosine from",
            "--lr to 0 over the run's epochs, set every step), plateau (halved",
            "after 3 epochs without a better validation accuracy) or onecycle",
            "(PyTorch's OneCycleLR up to --lr and down over the run's steps,",
            "momentum and adam's beta1 from 0.95 to 0.85 and back)",
            "(default: the recipe's)",
        ], stored: "schedule", legacy: .exponential, recipe: { $0 == .cnn ? .cosine : .exponential }),
        .value("--weight-decay", "X", \.weightDecay, .fraction(Bounds.weightDecay), help: [
            "decoupled weight decay: each step takes lr * X * w, as PyTorch's",
            "AdamW does (default: the recipe's)",
        ], stored: "weightDecay", legacy: 0, recipe: { $0 == .cnn ? 0.05 : 0 }),
        .value("--label-smoothing", "X", \.labelSmoothing, .fraction(Bounds.labelSmoothing), help: [
            "the cross-entropy's target is 1 - X on the label plus X / classes",
            "on every class (default: the recipe's)",
        ], stored: "labelSmoothing", legacy: 0, recipe: { $0 == .cnn ? 0.1 : 0 }, row: ("loss", { settings, _ in
            "softmax cross-entropy" + (settings.labelSmoothing > 0 ? ", label smoothing \(settings.labelSmoothing)" : "")
        })),
        .value("--seed", "N", \.seed, .seed, help: ["seed for initialisation, shuffling and dropout (default 0)"],
               stored: "seed", row: ("seed", { settings, _ in String(settings.seed) })),
        .value("--augment", "on|off", \.augment, .onOff,
               help: ["seeded random shifts and flips of the training batches (default: the recipe's)"],
               stored: "augment", legacy: false, recipe: { $0 == .cnn },
               row: ("augmentation", { settings, _ in TrainCommand.augmentationText(settings) })),
        .value("--tta", "on|off", \.testTimeFlip, .onOff, help: [
            "when the training images are mirrored, classify each validation and",
            "test image by its scores plus its mirror image's (default: the recipe's)",
        ], stored: "testTimeFlip", legacy: false, recipe: { $0 == .cnn }, row: ("evaluation", { settings, _ in
            TrainCommand.averagesMirrors(settings) ? "each image's scores plus its mirror image's (test-time flip)" : "each image once"
        })),
        .value("--fusion", "on|off", \.fusion, .onOff, help: [
            "fused kernels for batch norm, layer norm, bias + activation and the",
            "loss (default on); off computes each as its composition of primitives",
            "(another rounding), as every run saved before this option did",
        ], stored: "fusion", legacy: false, omittingLegacy: true, row: ("kernels", { settings, _ in
            settings.fusion ? "fused batch norm, layer norm, bias + activation and loss" : "compositions of primitives (--fusion off)"
        })),
        .value("--train-samples", "N", \.trainingSamples, .count(Bounds.trainingSamples),
               help: ["use only the first N training samples (default: all)"], stored: "trainingSamples"),
        .value("--out", "DIR", \.outputDirectory, .path(absent: "none"), help: [
            "run folder for the report and checkpoints, saved after every epoch",
            "(default runs/<model>-<dataset>-<time>)",
        ], onResume: .allowed),
        .toggle("--overwrite", \.overwrite, help: [
            "replace the files of another run at --out (files Adjoint did not",
            "write are kept; a folder Adjoint did not write is refused)",
        ], onResume: .refused),
        .value("--resume", "DIR", \.resume, .path(absent: "none"), help: [
            "continue the run saved in DIR, to --epochs epochs in all; its other",
            "settings are kept",
        ], onResume: .allowed),
        .toggle("--detect-anomaly", \.detectAnomaly, help: [
            "check every step for the first NaN or infinity and name the operation",
            "and source line that made it (slower)",
        ]),
        .toggle("--allow-divergence", \.allowDivergence, help: [
            "train on when the loss grows over 1000 times the first epoch's mean",
            "(by default that ends the run with status 1)",
        ]),
        .value("--threads", "N", \.threads, .count(Bounds.threads), help: ["compute threads (default: every core; 1 with --distributed)"],
               onResume: .allowed),
        .toggle("--distributed", \.distributed, help: [
            "be one process of an mpirun job: each trains on its shard of every",
            "batch (a multiple of the process count) and gradients are averaged;",
            "needs a build with `--traits MPI`, e.g.",
            "mpirun -np 2 .build/release/train --distributed",
        ]),
        .toggle("--help", \.showHelp, aliases: ["-h"], help: ["show this help"]),
    ]
}
