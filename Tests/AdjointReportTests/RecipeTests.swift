import Foundation
import Testing
import AdjointCommandLine
import AdjointChecks

@Suite struct RecipeTests {
    @Test func optionsNotGivenComeFromTheModelsRecipe() throws {
        let cnn = try TrainOptions.parse(["--model", "cnn"]).withRecipe()
        #expect(cnn.epochs == 30 && cnn.batchSize == 64 && cnn.learningRateDecay == 0.9 && cnn.augment)
        let given = try TrainOptions.parse(["--model", "cnn", "--epochs", "2", "--batch-size", "8"]).withRecipe()
        #expect(given.epochs == 2 && given.batchSize == 8 && given.augment)
        let fc = try TrainOptions.parse([]).withRecipe()
        #expect(fc.epochs == 30 && !fc.augment)
        #expect(cnn.schedule == .cosine && cnn.weightDecay == 0.05 && cnn.labelSmoothing == 0.1 && cnn.testTimeFlip)
        #expect(fc.schedule == .exponential && fc.weightDecay == 0 && fc.labelSmoothing == 0 && !fc.testTimeFlip)
        let plain = try TrainOptions.parse(["--model", "cnn", "--schedule", "exponential", "--label-smoothing", "0"]).withRecipe()
        #expect(plain.schedule == .exponential && plain.labelSmoothing == 0 && plain.weightDecay == 0.05)
        #expect(TrainOptions.usage.contains(
            "cnn: 30 epochs, batch 64, lr 0.001 cosine to 0, weight decay 0.05, label smoothing 0.1, random 1-pixel shifts and flips, test-time flips"))
    }

    /// The CNN's head is 256 wide (the recipe's validation evidence), on MNIST- and CIFAR-sized images alike.
    @Test func theCNNHasA256UnitHiddenLayer() throws {
        let options = try TrainOptions.parse(["--model", "cnn"]).withRecipe()
        for shape in [[28, 28, 1], [32, 32, 3]] {
            let cnn = try #require(try TrainCommand.makeModel(options, imageShape: shape, classes: 10) as? SmallConvolutionalNetwork<Float>)
            #expect(cnn.fc1.weight.value.shape == [(shape[0] / 4) * (shape[1] / 4) * 64, 256])
            #expect(cnn.fc2.weight.value.shape == [256, 10])
        }
    }

    /// A run saved before the schedule, decay and smoothing settings existed reads back as
    /// exponential with neither; a resumed run refuses a change to them.
    @Test func newSettingsRoundTripAndOldRunsReadBack() throws {
        let settings = RunSettings(try TrainOptions.parse(["--model", "cnn"]).withRecipe())
        let decoded = try JSONDecoder().decode(RunSettings.self, from: JSONEncoder().encode(settings))
        #expect(decoded == settings)
        let options = decoded.options
        #expect(options.schedule == .cosine && options.weightDecay == 0.05 && options.labelSmoothing == 0.1)
        var old = try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as! [String: Any]
        for key in ["schedule", "weightDecay", "labelSmoothing", "testTimeFlip"] { old[key] = nil }
        let legacy = try JSONDecoder().decode(RunSettings.self, from: JSONSerialization.data(withJSONObject: old)).options
        #expect(legacy.schedule == .exponential && legacy.weightDecay == 0 && legacy.labelSmoothing == 0 && !legacy.testTimeFlip)
        let changed = try TrainOptions.parse(["--schedule", "exponential", "--weight-decay", "0.05", "--label-smoothing", "0.2"])
        #expect(settings.conflicts(with: changed) == ["--schedule exponential (the run has cosine)", "--label-smoothing 0.2 (the run has 0.1)"])
    }

    @Test func augmentationFollowsTheDataSet() throws {
        var settings = RunSettings(try TrainOptions.parse(["--model", "cnn"]).withRecipe())
        settings.imageShape = [28, 28, 1]
        let normalization = ChannelNormalization(mean: [0.25], std: [0.5])
        let fashion = try #require(TrainCommand.augmentation(settings, normalization: normalization))
        #expect(fashion.maxShift == 1 && fashion.horizontalFlip && fashion.fill == [-0.5])
        settings.imageShape = [32, 32, 3]   // one pixel on CIFAR-sized images too
        let cifar = ChannelNormalization(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])
        #expect(TrainCommand.augmentation(settings, normalization: cifar)?.maxShift == 1)
        settings.imageShape = [28, 28, 1]
        settings.dataset = .mnist
        #expect(TrainCommand.augmentation(settings, normalization: normalization)?.horizontalFlip == false)
        #expect(!TrainCommand.averagesMirrors(settings))   // no mirrored digits, in training or at test
        // The run page says what ran.
        #expect(TrainCommand.augmentationText(settings) == "random shifts of up to 1 pixel, no flips (seeded per epoch and batch)")
        settings.dataset = .cifar10
        #expect(TrainCommand.augmentationText(settings) == "random shifts of up to 1 pixel and horizontal flips (seeded per epoch and batch)")
        settings.dataset = .mnist
        settings.dataset = .fashionMNIST
        #expect(TrainCommand.averagesMirrors(settings))
        settings.testTimeFlip = false
        #expect(!TrainCommand.averagesMirrors(settings))
        settings.testTimeFlip = true
        var old = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as? [String: Any])
        old["augment"] = nil   // a checkpoint from before augmentation
        settings = try JSONDecoder().decode(RunSettings.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(TrainCommand.augmentation(settings, normalization: normalization) == nil)
        #expect(!TrainCommand.averagesMirrors(settings))
        #expect(TrainCommand.augmentationText(settings) == "none")
    }

    /// The raw relative errors in the assignments' form, the verdict beside them.
    @Test func gradcheckPrintsRawErrorsAndTheNoiseBound() {
        let report = GradientReport.run([ThreeWayChecks.linear()], maxNumericalEntries: 6)
        let name = "linear [10, 2, 3, 4] -> 5 fc_w"
        let row = report.rows.first { $0.name == name }!
        let line = report.table.first { $0.hasPrefix(name + " relative error: ") }!
        let numbers = line.matches(of: /\d\.\d\de[-+]\d\d/).map { Double($0.output)! }
        #expect(numbers.count == 4)                // tape, reference, tape vs reference, beyond noise
        #expect(numbers[0] > 0 && numbers[1] > 0)  // real numbers, not a column of zeros
        #expect(numbers[0] == Double(String(format: "%.2e", row.tapeVsNumerical!.relativeError)))
        #expect(line.contains("| " + String(format: "%.1e", row.tapeVsNumerical!.noise)) && line.hasSuffix("ok"))
    }
}
