import Testing
@testable import AdjointCommandLine

// The example scripts' arguments: defaults, every option, and the errors.

@Suite struct ExampleArgumentsParsing {
    @Test func defaults() throws {
        let arguments = try ExampleArguments.parse([String](), defaultEpochs: 5, defaultTrainingSamples: 2000, name: "dropout")
        #expect(!arguments.full)
        #expect(arguments.epochs == 5 && arguments.trainingSamples == 2000 && arguments.seed == 0)
        #expect(arguments.outputDirectory == "runs/dropout")
    }

    @Test func everyOption() throws {
        let arguments = try ExampleArguments.parse(["--full", "--epochs", "3", "--train-samples", "100", "--seed", "7", "--out", "/tmp/x"],
                                                   defaultEpochs: 5, name: "cnn")
        #expect(arguments.full && arguments.epochs == 3 && arguments.trainingSamples == 100 && arguments.outputDirectory == "/tmp/x")
        #expect(arguments.seed == 7)
        // Only the program's arguments are parsed: a slice like CommandLine.arguments.dropFirst().
        let slice = ["cnn", "--epochs", "2"].dropFirst()
        #expect(try ExampleArguments.parse(slice, defaultEpochs: 5, name: "cnn").epochs == 2)
    }

    @Test func errors() {
        #expect(throws: TrainOptions.ParseError.unknownOption("--lr")) {
            try ExampleArguments.parse(["--lr", "1"], defaultEpochs: 1, name: "x")
        }
        #expect(throws: TrainOptions.ParseError.missingValue("--out")) {
            try ExampleArguments.parse(["--out"], defaultEpochs: 1, name: "x")
        }
        #expect(throws: TrainOptions.ParseError.invalidValue(option: "--epochs", value: "0", expected: "an integer from 1 to 100000")) {
            try ExampleArguments.parse(["--epochs", "0"], defaultEpochs: 1, name: "x")
        }
        #expect(throws: TrainOptions.ParseError.invalidValue(option: "--seed", value: "-1", expected: "a non-negative integer")) {
            try ExampleArguments.parse(["--seed", "-1"], defaultEpochs: 1, name: "x")
        }
        #expect(throws: TrainOptions.ParseError.invalidValue(option: "--train-samples", value: "-5", expected: "an integer from 0 to 2147483648")) {
            try ExampleArguments.parse(["--train-samples", "-5"], defaultEpochs: 1, name: "x")
        }
    }
}
