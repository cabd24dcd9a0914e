// The checks hold the tape (AdjointNN) against the answer key (AdjointReference).
@_exported import AdjointNN
@_exported import AdjointReference
