// Compiles the ```swift blocks of the library's `///` comments and DocC articles into the target that uses this
// plugin, one generated file per module, so an example that stops compiling fails the build.
import Foundation
import PackagePlugin

@main
struct DocExamples: BuildToolPlugin {
    /// The modules whose comments are compiled; each generated file imports its module.
    static let modules = ["Adjoint", "AdjointNN", "AdjointData", "AdjointTraining", "AdjointDistributed",
                          "AdjointReference", "AdjointChecks", "AdjointCommandLine"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let sources = context.package.directoryURL.appending(path: "Sources")
        let folders = Self.modules.map { sources.appending(path: $0) }
        let inputs = folders.flatMap { folder in
            (FileManager.default.enumerator(atPath: folder.path())?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".swift") || $0.hasSuffix(".md") }.map { folder.appending(path: $0) }
        }
        let outputs = Self.modules.map { context.pluginWorkDirectoryURL.appending(path: "DocExamples+\($0).swift") }
        return [.buildCommand(displayName: "Extracting the Swift blocks of the doc comments",
                              executable: try context.tool(named: "doc-examples").url,
                              arguments: [context.pluginWorkDirectoryURL.path()] + folders.map { $0.path() },
                              inputFiles: inputs, outputFiles: outputs)]
    }
}
