import Foundation

/// Runs a command-line program's `body` and exits with the status it returns. Any error ends
/// the program with one line on standard error: status 2 with the usage for bad options,
/// status 1 for anything else (a file that cannot be read, a run that diverged).
///
/// ```swift
/// runCommand("evaluate", usage: EvaluateCommand.usage) {
///     _ = try EvaluateCommand.run(checkpoint: "runs/a/model.safetensors", data: nil, dataset: nil, out: nil)
///     return 0
/// }
/// ```
package func runCommand(_ name: String, usage: String, _ body: () throws -> Int32) -> Never {
    do {
        exit(try body())
    } catch let error as TrainOptions.ParseError {
        FileHandle.standardError.write(Data("\(name): \(error)\n\(usage)\n".utf8))
        exit(2)
    } catch {
        FileHandle.standardError.write(Data("\(name): \(message(for: error))\n".utf8))
        exit(1)
    }
}

/// One line for `error`: its own description, or for a Foundation file error the system's
/// reason and the path, never the raw `Error Domain=NSCocoaErrorDomain ...` dump.
func message(for error: Error) -> String {
    let ns = error as NSError
    guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return "\(error)" }
    let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
    var reason = ns.localizedDescription
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        reason = String(cString: strerror(Int32(underlying.code)))
    } else if ns.domain == NSPOSIXErrorDomain {
        reason = String(cString: strerror(Int32(ns.code)))
    }
    return path.map { "\($0): \(reason)" } ?? reason
}
