// Data-parallel training builds on the trainer and everything below it.
@_exported import AdjointTraining
