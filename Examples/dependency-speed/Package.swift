// swift-tools-version: 6.1
// A consumer of Adjoint, for measuring what a package that depends on it gets. SwiftPM refuses
// unsafe flags (`-march=native`) in a dependency fetched by version, so this is where a slow
// portable build would show. `.ci/run` builds it twice and prints the ratio:
//   ADJOINT_URL=file:///path/to/tagged/clone  (depends on Adjoint `from: "1.0.0"`, by version)
//   ADJOINT_PATH=/path/to/adjoint             (depends on a local path: built like the root)
import PackageDescription
import Foundation

let environment = ProcessInfo.processInfo.environment
guard let adjoint: Package.Dependency = environment["ADJOINT_PATH"].map({ .package(path: $0) })
        ?? environment["ADJOINT_URL"].map({ .package(url: $0, from: "1.0.0") }) else {
    fatalError("dependency-speed: set ADJOINT_URL (a git URL with a 1.x tag) or ADJOINT_PATH; .ci/dependency-speed does both")
}

let package = Package(
    name: "dependency-speed",
    dependencies: [adjoint],
    targets: [
        .executableTarget(name: "dependency-speed",
                          dependencies: [.product(name: "AdjointNN", package: "adjoint")]),
    ]
)
