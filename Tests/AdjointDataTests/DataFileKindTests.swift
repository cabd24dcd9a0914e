import Foundation
import Testing
@testable import AdjointData

/// Paths that name something other than a regular file: each reader refuses it by what it is,
/// in one line naming the path, without reading it, waiting on it, or blaming permissions.
@Suite(.timeLimit(.minutes(1))) struct DataFileKindTests {
    /// What no message about a file's kind may say: a false reason, or Foundation's raw error text.
    func expectHonest(_ error: DataError?, sourceLocation: SourceLocation = #_sourceLocation) {
        let message = error?.description ?? ""
        #expect(!message.lowercased().contains("permission"), "\(message)", sourceLocation: sourceLocation)
        #expect(!message.contains("NSCocoaErrorDomain") && !message.contains("\n"), "\(message)", sourceLocation: sourceLocation)
    }

    @Test func devicesAreNamedAsDevices() {
        let zero = dataError { () throws(DataError) in try DataFile.read("/dev/zero", expected: "a data file") }
        #expect(zero?.description == "/dev/zero: is a device (character special file), not a regular file; expected a data file")
        expectHonest(zero)

        let random = dataError { () throws(DataError) in try CIFAR10.readBatch("/dev/urandom") }
        #expect(random?.reason == .notARegularFile(.characterDevice, expected: "a CIFAR-10 batch"))
        expectHonest(random)

        let idx = dataError { () throws(DataError) in try IDX.read("/dev/zero", dimensions: 1, expected: "labels") }
        #expect(idx?.reason == .notARegularFile(.characterDevice, expected: "labels"))
        let gzip = dataError { () throws(DataError) in try DataFile.contents(of: "/dev/zero", expected: "labels") }
        #expect(gzip?.reason == .notARegularFile(.characterDevice, expected: "labels"))
    }

    @Test func aNamedPipeIsNamedAndNeverWaitedOn() throws {
        // Opening a FIFO for reading waits for a writer: the time limit catches a reader that tries.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.file("t10k-images-idx3-ubyte")
        #expect(mkfifo(fifo, 0o600) == 0)
        _ = try directory.write(IDX.encode(IDXArray(shape: [1], bytes: [0])), to: "t10k-labels-idx1-ubyte")
        let error = dataError { () throws(DataError) in try FashionMNIST.load(.test, from: directory.path) }
        #expect(error?.path == fifo)
        #expect(error?.reason == .notARegularFile(.namedPipe, expected: "Fashion-MNIST test images (IDX, 3 dimensions)"))
        #expect(error?.description == "\(fifo): is a named pipe (FIFO), not a regular file; "
                + "expected Fashion-MNIST test images (IDX, 3 dimensions)")
        expectHonest(error)
        let check = dataError { () throws(DataError) in try DataFile.checkRegularFile(path: fifo, expected: "a checkpoint") }
        #expect(check?.reason == .notARegularFile(.namedPipe, expected: "a checkpoint"))
    }

    @Test func aDirectoryIsNamedAsADirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = directory.file("t10k-labels-idx1-ubyte.gz")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let error = dataError { () throws(DataError) in try IDX.read(folder, dimensions: 1, expected: "test labels") }
        #expect(error?.description == "\(folder): is a directory, not a file; expected test labels")
        expectHonest(error)
        let cifar = dataError { () throws(DataError) in try CIFAR100.readFile(directory.path) }
        #expect(cifar?.reason == .notARegularFile(.directory, expected: "a CIFAR-100 file"))
    }

    @Test func aSocketIsNamedAsASocket() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("socket")
        let socketDescriptor = try boundUnixSocket(at: path)
        defer { close(socketDescriptor) }
        let error = dataError { () throws(DataError) in try DataFile.read(path, expected: "a CIFAR-10 batch") }
        #expect(error?.description == "\(path): is a socket, not a regular file; expected a CIFAR-10 batch")
        expectHonest(error)
    }

    @Test func symbolicLinksAreFollowed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let toDevice = directory.file("to-zero")
        try FileManager.default.createSymbolicLink(atPath: toDevice, withDestinationPath: "/dev/zero")
        let device = dataError { () throws(DataError) in try DataFile.read(toDevice, expected: "labels") }
        #expect(device?.reason == .notARegularFile(.characterDevice, expected: "labels"))

        let target = try directory.write([1, 2, 3, 4, 5], to: "five")
        let toFile = directory.file("to-five")
        try FileManager.default.createSymbolicLink(atPath: toFile, withDestinationPath: target)
        #expect(try DataFile.checkRegularFile(path: toFile, expected: "five bytes") == 5)
        #expect(try DataFile.read(toFile, expected: "five bytes") == [1, 2, 3, 4, 5])

        let dangling = directory.file("dangling")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: directory.file("absent"))
        let missing = dataError { () throws(DataError) in try DataFile.checkRegularFile(path: dangling, expected: "a checkpoint") }
        #expect(missing?.description == "\(dangling): file not found; expected a checkpoint")
    }

    @Test func checkingARegularFileGivesItsSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(try DataFile.checkRegularFile(path: try directory.write([], to: "empty"), expected: "") == 0)
        #expect(try DataFile.checkRegularFile(path: try directory.write(Array(repeating: 7, count: 3073), to: "record"),
                                              expected: "") == 3073)
        // A path through a regular file, as if it were a folder, is a missing file.
        let through = directory.file("record/inner")
        let error = dataError { () throws(DataError) in try DataFile.checkRegularFile(path: through, expected: "a batch") }
        #expect(error?.reason == .missingFile(expected: "a batch"))
    }
}

/// A Unix domain socket bound at `path`, which creates the socket file there.
private func boundUnixSocket(at path: String) throws -> Int32 {
    struct SocketError: Error { let step: String }
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw SocketError(step: "socket") }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let name = Array(path.utf8CString)
    guard name.count <= MemoryLayout.size(ofValue: address.sun_path) else { throw SocketError(step: "path too long") }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in name.withUnsafeBytes { raw.copyMemory(from: $0) } }
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard bound == 0 else {
        close(descriptor)
        throw SocketError(step: "bind")
    }
    return descriptor
}
