import Foundation
import Testing
import AdjointCommandLine
import AdjointChecks

@Suite struct RecipeTests {
    @Test func optionsNotGivenComeFromTheModelsRecipe() throws {
        let cnn = try TrainOptions.parse(["--model", "cnn"]).withRecipe()
        #expect(cnn.epochs == 15 && cnn.batchSize == 64 && cnn.learningRateDecay == 0.85 && cnn.augment)
        let given = try TrainOptions.parse(["--model", "cnn", "--epochs", "2", "--batch-size", "8"]).withRecipe()
        #expect(given.epochs == 2 && given.batchSize == 8 && given.augment)
        let fc = try TrainOptions.parse([]).withRecipe()
        #expect(fc.epochs == 30 && !fc.augment)
        #expect(TrainOptions.usage.contains("cnn: 15 epochs, batch 64, lr 0.001 x0.85 per epoch, random shifts and flips"))
    }

    @Test func augmentationFollowsTheDataSet() throws {
        var settings = RunSettings(try TrainOptions.parse(["--model", "cnn"]).withRecipe())
        settings.imageShape = [28, 28, 1]
        let normalization = ChannelNormalization(mean: [0.25], std: [0.5])
        let fashion = try #require(TrainCommand.augmentation(settings, normalization: normalization))
        #expect(fashion.maxShift == 2 && fashion.horizontalFlip && fashion.fill == [-0.5])
        settings.dataset = "mnist"
        #expect(TrainCommand.augmentation(settings, normalization: normalization)?.horizontalFlip == false)
        settings.augment = nil   // a checkpoint from before augmentation
        #expect(TrainCommand.augmentation(settings, normalization: normalization) == nil)
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
