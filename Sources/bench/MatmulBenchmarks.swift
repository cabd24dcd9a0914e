func matmulBenchmarks() -> [String: Double] { [:] }   // TEMPORARY: replaced by the GEMM work
