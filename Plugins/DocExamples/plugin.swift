// Compiles the ```swift blocks of the library's `///` comments and DocC articles into the target that uses this
// plugin, one generated file per module, so an example that stops compiling fails the build.
import Foundation
import PackagePlugin

@main
struct DocExamples: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        // Every Swift library module of the package; each generated file imports its module.
        let modules = context.package.targets.compactMap { $0 as? SwiftSourceModuleTarget }
            .filter { $0.kind == .generic }.map(\.name).sorted()
        let sources = context.package.directoryURL.appending(path: "Sources")
        let folders = modules.map { sources.appending(path: $0) }
        let inputs = folders.flatMap { folder in
            (FileManager.default.enumerator(atPath: folder.path())?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".swift") || $0.hasSuffix(".md") }.map { folder.appending(path: $0) }
        }
        let outputs = (modules.map { "DocExamples+\($0).swift" } + ["DocExampleCounts.swift"])
            .map { context.pluginWorkDirectoryURL.appending(path: $0) }
        return [.buildCommand(displayName: "Extracting the Swift blocks of the doc comments",
                              executable: try context.tool(named: "doc-examples").url,
                              arguments: [context.pluginWorkDirectoryURL.path()] + folders.map { $0.path() },
                              inputFiles: inputs, outputFiles: outputs)]
    }
}
