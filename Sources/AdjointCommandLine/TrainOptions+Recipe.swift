// Each model's training recipe: the defaults of the options a `train` command line leaves out.

extension TrainOptions {
    /// One model's recipe: the defaults ``TrainOptions/table`` gives its options.
    package static func recipe(for model: Model) -> TrainOptions {
        var options = TrainOptions()
        options.model = model
        for option in table { option.recipe?(&options) }
        return options
    }

    /// These options with every setting the command line did not give taken from the model's
    /// recipe; what `train` runs.
    ///
    /// ```swift
    /// let options = try TrainOptions.parse(["--model", "cnn"]).withRecipe()
    /// print(options.epochs, options.augment)   // 30 true
    /// ```
    package func withRecipe() -> TrainOptions {
        var options = self
        for option in Self.table where !given.contains(option.flag) { option.recipe?(&options) }
        return options
    }

    /// The recipes as `--help` lists them.
    static var recipeTable: String {
        Model.allCases.map { model in
            let r = recipe(for: model)
            return "  \(model.rawValue): \(r.epochs) epochs, batch \(r.batchSize), lr \(r.learningRate) "
                + scheduleText(r.schedule, learningRateDecay: r.learningRateDecay, weightDecay: r.weightDecay)
                + (r.labelSmoothing > 0 ? ", label smoothing \(r.labelSmoothing)" : "")
                + (r.augment ? ", random 1-pixel shifts and flips" : "")
                + (r.testTimeFlip ? ", test-time flips" : "")
        }.joined(separator: "\n")
    }

    /// How the learning rate and the weight decay go, as the recipe table and the run page say it.
    static func scheduleText(_ schedule: Schedule, learningRateDecay: Double, weightDecay: Double) -> String {
        let text = switch schedule {
        case .exponential: "x\(learningRateDecay) per epoch"
        case .cosine: "cosine to 0"
        case .plateau: "halved on a validation plateau of 3 epochs"
        case .onecycle: "one cycle up to it"
        }
        return text + (weightDecay > 0 ? ", weight decay \(weightDecay)" : "")
    }
}

extension TrainCommand {
    /// The augmentation of a run that asks for one: shifts of up to 1 pixel, the uncovered border
    /// black (`-mean / std` per channel after normalisation), and mirror images except for MNIST
    /// (a mirrored digit is not a digit); seeded by the run's seed.
    ///
    /// One pixel, not two: under 2-pixel shifts the small CNN underfit the full Fashion-MNIST,
    /// under 1-pixel shifts it did not.
    ///
    /// ```swift
    /// trainer.batchTransform = TrainCommand.augmentation(settings, normalization: normalization)?.batchTransform(imageShape: [28, 28, 1])
    /// ```
    package static func augmentation(_ settings: RunSettings, normalization: ChannelNormalization) -> Augmentation? {
        guard settings.augment == true, settings.imageShape.count == 3 else { return nil }
        let black = zip(normalization.mean, normalization.std).map { mean, std in std > 0 ? -mean / std : 0 }
        return Augmentation(maxShift: 1, horizontalFlip: trainsOnMirrors(settings), fill: black.isEmpty ? [0] : black,
                            seed: settings.seed)
    }

    /// Whether a run's training images are mirrored: augmented images, but not MNIST's.
    static func trainsOnMirrors(_ settings: RunSettings) -> Bool {
        settings.augment == true && settings.imageShape.count == 3 && settings.dataset != .mnist
    }

    /// Whether a run classifies validation and test images by their scores plus their mirror
    /// image's: when it asks for it and trains on mirrored images (so never on MNIST).
    ///
    /// On the full Fashion-MNIST this raised the small CNN's best validation accuracy in every
    /// run, for one more forward pass per evaluated image.
    ///
    /// ```swift
    /// let mirrors = TrainCommand.averagesMirrors(settings)
    /// ```
    package static func averagesMirrors(_ settings: RunSettings) -> Bool {
        settings.testTimeFlip == true && trainsOnMirrors(settings)
    }
}
