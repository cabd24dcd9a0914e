// The command-line scripts use everything below them.
@_exported import AdjointTraining
