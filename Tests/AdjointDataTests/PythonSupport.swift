import Foundation
import Testing

/// Runs `python3 -c script arguments...` and returns its standard output, or records an issue
/// saying that python3 with numpy is required by `tests` and returns nil: without it the
/// interoperability tests fail rather than pass vacuously.
func runPython(_ script: String, _ arguments: [String], requiredBy tests: String) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do {
        try process.run()
    } catch {
        Issue.record("python3 with numpy is required for \(tests): cannot start /usr/bin/env python3: \(error)")
        return nil
    }
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        let message = String(decoding: err, as: UTF8.self)
        let hint = process.terminationStatus == 127 || message.contains("No module named")
            ? "python3 with numpy is required for \(tests). " : ""
        Issue.record("\(hint)python3 exited with status \(process.terminationStatus):\n\(message)")
        return nil
    }
    return String(decoding: out, as: UTF8.self)
}
