import Foundation
import Testing
@testable import AdjointCommandLine

/// The repository's `Data/` directory, found from this source file.
let repositoryDataDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Data").path

/// Runs `body` and returns the `DataError` it throws, recording a failure if it throws none.
func dataError<T>(_ body: () throws(DataError) -> T, sourceLocation: SourceLocation = #_sourceLocation) -> DataError? {
    do {
        _ = try body()
        Issue.record("expected a DataError, but none was thrown", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

// Where the command line looks for data: the repository's embedded subset or the system's full set.

@Suite("Command line: locating the Fashion-MNIST data")
struct DataDirectoryTests {
    @Test func defaultDataDirectoryFindsTheRepositorysData() throws {
        let found = try #require(defaultDataDirectory())
        #expect(URL(fileURLWithPath: found).standardized.path == URL(fileURLWithPath: repositoryDataDirectory).standardized.path)
        #expect(try FashionMNIST.directory(full: false) == found)
    }

    @Test func fullSetIsTheSystemDirectoryOrAnErrorSayingHowToInstallIt() throws {
        if FileManager.default.fileExists(atPath: FashionMNIST.systemDirectory + "/train-images-idx3-ubyte.gz") {
            #expect(try FashionMNIST.directory(full: true) == FashionMNIST.systemDirectory)
        } else {
            let error = dataError { () throws(DataError) in try FashionMNIST.directory(full: true) }
            #expect(error?.path == FashionMNIST.systemDirectory + "/train-images-idx3-ubyte.gz")
            #expect(error?.description.contains("apt-get install dataset-fashion-mnist") == true)
        }
    }

    @Test func theSubsetItFindsLoads() throws {
        let train = try FashionMNIST.load(.train, from: try FashionMNIST.directory(full: false))
        #expect(train.images.shape == [10_000, 28, 28, 1])
    }
}
