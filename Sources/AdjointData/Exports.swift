// Data files become tensors; importing the data library imports the engine too.
@_exported import Adjoint
