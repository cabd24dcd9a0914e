// Compiles the README's Swift blocks into the target that uses this plugin, so the tests run
// the README itself, not a copy of it.
import PackagePlugin

@main
struct ReadmeBlocks: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let readme = context.package.directoryURL.appending(path: "README.md")
        let output = context.pluginWorkDirectoryURL.appending(path: "ReadmeBlocks.swift")
        return [.buildCommand(displayName: "Extracting the Swift blocks of README.md",
                              executable: try context.tool(named: "readme-blocks").url,
                              arguments: [readme.path(), output.path()],
                              inputFiles: [readme], outputFiles: [output])]
    }
}
