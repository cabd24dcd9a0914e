import Testing
@testable import AdjointCommandLine

// The `train` command's arguments: defaults, every option, and every error with its text.

@Suite struct TrainOptionsParsing {
    @Test func defaults() throws {
        let options = try TrainOptions.parse([])
        #expect(options == TrainOptions())
        #expect(options.dataset == .fashionMNIST && options.dataDirectory == nil)
        #expect(options.model == .fc && options.optimizer == .adam)
        #expect(options.epochs == 8 && options.batchSize == 100)
        #expect(options.learningRate == 1e-3 && options.learningRateDecay == 0.95)
        #expect(options.seed == 0 && options.outputDirectory == nil && options.trainingSamples == 0)
        #expect(options.resume == nil && !options.overwrite)
        #expect(options.fusion)
        #expect(!options.showHelp)
        #expect(options.given.isEmpty)
    }

    @Test func everyOption() throws {
        let options = try TrainOptions.parse([
            "--dataset", "cifar100", "--data", "/tmp/data", "--model", "two-layer", "--optimizer", "rmsprop",
            "--epochs", "3", "--batch-size", "64", "--lr", "5e-4", "--lr-decay", "0.9", "--seed", "42",
            "--train-samples", "1000", "--out", "runs/x", "--overwrite", "--resume", "runs/y",
            "--schedule", "cosine", "--weight-decay", "0.05", "--label-smoothing", "0.1", "--tta", "on",
            "--fusion", "off",
        ])
        var expected = TrainOptions()
        expected.dataset = .cifar100
        expected.dataDirectory = "/tmp/data"
        expected.model = .twoLayer
        expected.optimizer = .rmsprop
        expected.epochs = 3
        expected.batchSize = 64
        expected.learningRate = 5e-4
        expected.learningRateDecay = 0.9
        expected.seed = 42
        expected.trainingSamples = 1000
        expected.outputDirectory = "runs/x"
        expected.overwrite = true
        expected.resume = "runs/y"
        expected.schedule = .cosine
        expected.weightDecay = 0.05
        expected.labelSmoothing = 0.1
        expected.testTimeFlip = true
        expected.fusion = false
        #expect(options == expected)
        #expect(options.given == ["--dataset", "--data", "--model", "--optimizer", "--epochs", "--batch-size", "--lr",
                                  "--lr-decay", "--seed", "--train-samples", "--out", "--overwrite", "--resume",
                                  "--schedule", "--weight-decay", "--label-smoothing", "--tta", "--fusion"])
    }

    @Test(arguments: ["fashion-mnist", "mnist", "cifar10", "cifar100"])
    func everyDataset(name: String) throws {
        #expect(try TrainOptions.parse(["--dataset", name]).dataset.rawValue == name)
    }

    @Test func everyModelAndOptimizer() throws {
        for model in TrainOptions.Model.allCases {
            #expect(try TrainOptions.parse(["--model", model.rawValue]).model == model)
        }
        for optimizer in TrainOptions.OptimizerKind.allCases {
            #expect(try TrainOptions.parse(["--optimizer", optimizer.rawValue]).optimizer == optimizer)
        }
    }

    @Test func help() throws {
        #expect(try TrainOptions.parse(["--help"]).showHelp)
        #expect(try TrainOptions.parse(["--epochs", "2", "-h"]).showHelp)
        #expect(TrainOptions.usage.contains("--train-samples N"))
        #expect(TrainOptions.usage.contains("--resume DIR") && TrainOptions.usage.contains("--overwrite"))
    }

    @Test func laterOptionsWin() throws {
        #expect(try TrainOptions.parse(["--epochs", "2", "--epochs", "5"]).epochs == 5)
    }

    /// Equality compares the settings, not which options spelled them.
    @Test func equalityIgnoresWhichOptionsWereGiven() throws {
        let spelled = try TrainOptions.parse(["--epochs", "8", "--lr", "1e-3"])
        #expect(spelled.given == ["--epochs", "--lr"])
        #expect(spelled == TrainOptions())
        #expect(try TrainOptions.parse(["--epochs", "9"]) != TrainOptions())
    }

    /// The bounds keep every count derived from the options from overflowing, and every
    /// learning rate finite and non-zero as a Float.
    @Test func boundaryValuesAreAccepted() throws {
        #expect(try TrainOptions.parse(["--epochs", "100000"]).epochs == 100_000)
        #expect(try TrainOptions.parse(["--batch-size", "65536"]).batchSize == 65_536)
        #expect(try TrainOptions.parse(["--train-samples", "2147483648"]).trainingSamples == 1 << 31)
        #expect(try TrainOptions.parse(["--lr", "1e6"]).learningRate == 1e6)
        #expect(try TrainOptions.parse(["--lr-decay", "1"]).learningRateDecay == 1)
        #expect(try TrainOptions.parse(["--seed", "18446744073709551615"]).seed == .max)
    }

    /// (arguments, the error's text)
    @Test(arguments: [
        (["--frobnicate", "1"], "unknown option '--frobnicate'"),
        (["--frobnicate"], "unknown option '--frobnicate'"),
        (["epochs", "3"], "unknown option 'epochs'"),
        (["-e", "3"], "unknown option '-e'"),
        (["--epochs"], "option '--epochs' needs a value"),
        (["--lr", "1e-3", "--out"], "option '--out' needs a value"),
        (["--resume"], "option '--resume' needs a value"),
        (["--epochs", "0"], "invalid value '0' for --epochs: expected an integer from 1 to 100000"),
        (["--epochs", "2.5"], "invalid value '2.5' for --epochs: expected an integer from 1 to 100000"),
        (["--epochs", "100001"], "invalid value '100001' for --epochs: expected an integer from 1 to 100000"),
        (["--batch-size", "-4"], "invalid value '-4' for --batch-size: expected an integer from 1 to 65536"),
        (["--batch-size", "65537"], "invalid value '65537' for --batch-size: expected an integer from 1 to 65536"),
        (["--train-samples", "-1"], "invalid value '-1' for --train-samples: expected an integer from 0 to 2147483648"),
        (["--lr", "0"], "invalid value '0' for --lr: expected a number in (0, 1e6], finite and non-zero as a Float"),
        (["--lr", "fast"], "invalid value 'fast' for --lr: expected a number in (0, 1e6], finite and non-zero as a Float"),
        (["--lr", "inf"], "invalid value 'inf' for --lr: expected a number in (0, 1e6], finite and non-zero as a Float"),
        (["--lr", "nan"], "invalid value 'nan' for --lr: expected a number in (0, 1e6], finite and non-zero as a Float"),
        (["--lr", "2e6"], "invalid value '2e6' for --lr: expected a number in (0, 1e6], finite and non-zero as a Float"),
        (["--lr", "1e-50"], "invalid value '1e-50' for --lr: expected a number in (0, 1e6], finite and non-zero as a Float"),
        (["--lr-decay", "-0.5"], "invalid value '-0.5' for --lr-decay: expected a number in (0, 1], finite and non-zero as a Float"),
        (["--lr-decay", "1.5"], "invalid value '1.5' for --lr-decay: expected a number in (0, 1], finite and non-zero as a Float"),
        (["--seed", "-1"], "invalid value '-1' for --seed: expected a non-negative integer"),
        (["--tta", "yes"], "invalid value 'yes' for --tta: expected on or off"),
        (["--fusion", "true"], "invalid value 'true' for --fusion: expected on or off"),
        (["--schedule", "linear"], "invalid value 'linear' for --schedule: expected one of exponential, cosine, plateau, onecycle"),
        (["--weight-decay", "-1e-4"], "invalid value '-1e-4' for --weight-decay: expected a number from 0 to 1000"),
        (["--weight-decay", "nan"], "invalid value 'nan' for --weight-decay: expected a number from 0 to 1000"),
        (["--label-smoothing", "1.5"], "invalid value '1.5' for --label-smoothing: expected a number from 0 to 1"),
        (["--label-smoothing", "inf"], "invalid value 'inf' for --label-smoothing: expected a number from 0 to 1"),
        (["--dataset", "imagenet"], "invalid value 'imagenet' for --dataset: expected one of fashion-mnist, mnist, cifar10, cifar100"),
        (["--model", "resnet"], "invalid value 'resnet' for --model: expected one of fc, two-layer, tiny, cnn"),
        (["--optimizer", "lbfgs"], "invalid value 'lbfgs' for --optimizer: expected one of sgd, momentum, rmsprop, adam"),
    ])
    func errors(arguments: [String], message: String) {
        do {
            let options = try TrainOptions.parse(arguments)
            Issue.record("\(arguments) parsed as \(options)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func errorCases() {
        #expect(throws: TrainOptions.ParseError.unknownOption("--x")) { try TrainOptions.parse(["--x"]) }
        #expect(throws: TrainOptions.ParseError.missingValue("--seed")) { try TrainOptions.parse(["--seed"]) }
        #expect(throws: TrainOptions.ParseError.invalidValue(option: "--epochs", value: "x", expected: "an integer from 1 to 100000")) {
            try TrainOptions.parse(["--epochs", "x"])
        }
    }
}
