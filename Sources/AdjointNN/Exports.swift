// The neural-network library builds on the engine; importing it imports the engine too.
@_exported import Adjoint
