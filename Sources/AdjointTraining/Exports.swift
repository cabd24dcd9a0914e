// Training needs models and data together; importing it imports both libraries (and the engine).
@_exported import AdjointData
@_exported import AdjointNN
