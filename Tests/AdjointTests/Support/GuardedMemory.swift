#if canImport(Glibc)
import Glibc
import Testing

/// Runs `body` on `count` Floats that end exactly where an inaccessible page begins, so any
/// read past the last element crashes the test.
func withFloatsBeforeAGuardPage(count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> Void) throws {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let bytes = count * MemoryLayout<Float>.stride
    let dataPages = (bytes + page - 1) / page
    let mapped = mmap(nil, (dataPages + 1) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    try #require(mapped != MAP_FAILED)
    let region = try #require(mapped)
    defer { munmap(region, (dataPages + 1) * page) }
    #expect(mprotect(region + dataPages * page, page, PROT_NONE) == 0)
    try body((region + dataPages * page - bytes).bindMemory(to: Float.self, capacity: count))
}
#endif
