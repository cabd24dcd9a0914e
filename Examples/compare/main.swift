// Several run folders on one page: curves overlaid, metrics tabulated. Exit status 1 when a
// folder cannot be read, 2 for bad options.
//   swift run -c release compare runs/a runs/b [--title TEXT] [--out DIR]
import AdjointCommandLine

runCommand("compare", usage: CompareCommand.usage) {
    if try CompareCommand.run(Array(CommandLine.arguments.dropFirst())) == nil { print(CompareCommand.usage) }
    return 0
}
