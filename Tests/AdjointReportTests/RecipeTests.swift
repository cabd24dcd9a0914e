import Foundation
import Testing
import AdjointCommandLine
import AdjointChecks

@Suite struct RecipeTests {
    @Test func optionsNotGivenComeFromTheModelsRecipe() throws {
        let cnn = try TrainOptions.parse(["--model", "cnn"]).withRecipe()
        #expect(cnn.epochs == 20 && cnn.batchSize == 64 && cnn.learningRateDecay == 0.9 && cnn.augment)
        let given = try TrainOptions.parse(["--model", "cnn", "--epochs", "2", "--batch-size", "8"]).withRecipe()
        #expect(given.epochs == 2 && given.batchSize == 8 && given.augment)
        let fc = try TrainOptions.parse([]).withRecipe()
        #expect(fc.epochs == 30 && !fc.augment)
        #expect(TrainOptions.usage.contains("cnn: 20 epochs, batch 64, lr 0.001 x0.9 per epoch, random 1-pixel shifts and flips"))
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
