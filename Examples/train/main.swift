// `swift run -c release train [options]`: trains a model and saves its run folder after every
// epoch. See `--help`, or TrainCommand in AdjointCommandLine for what it does. With
// `--distributed` (a build with `--traits MPI`, under mpirun) it is one process of several.
//
// Exit status: 0 done, 1 the run failed (bad data, a non-finite loss; under mpirun, any rank
// failing ends every rank with status 1), 2 bad options, 130 interrupted by Ctrl-C after saving.
import AdjointCommandLine

runCommand("train", usage: TrainOptions.usage) {
    let options = try TrainOptions.parse(Array(CommandLine.arguments.dropFirst()))
    if options.showHelp {
        print(TrainOptions.usage)
        return 0
    }
    Interrupt.install()
    if options.distributed {
        let cluster = try TrainCluster.start()
        Parallelism.maxThreads = options.threads ?? 1
        do {
            let summary = try TrainCommand.run(options.withRecipe(), interrupted: Interrupt.requested, cluster: cluster)
            cluster.finish()
            return summary.completed ? 0 : 130
        } catch {
            // Every rank ends at once, whichever failed, so none waits for it forever.
            cluster.abort("train: \(error)")
        }
    }
    if let threads = options.threads { Parallelism.maxThreads = threads }
    let summary = try TrainCommand.run(options.withRecipe(), interrupted: Interrupt.requested)
    return summary.completed ? 0 : 130
}
