@_exported import Adjoint
