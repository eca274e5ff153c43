import Foundation

/// `scripts/chaos_feed_server.py` as a subprocess: the chaos feed server the soak run uses, on a free
/// loopback port. Stopped (SIGKILL) when dropped.
final class ChaosFeedServer {
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    let process = Process()
    let port: Int

    init(seed: Int, publishEvery: Int = 3600, hugeItemKilobytes: Int = 600) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", NewswatchBinary.repository.appendingPathComponent("scripts/chaos_feed_server.py").path,
                             "--port", "0", "--seed", "\(seed)", "--publish-every", "\(publishEvery)",
                             "--huge-kb", "\(hugeItemKilobytes)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        // The first line says where it listens; an empty read means it died before that.
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { throw StartError(description: "chaos_feed_server.py exited before listening: \(text)") }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, line.hasPrefix("listening 127.0.0.1:"),
              let port = Int(line.dropFirst("listening 127.0.0.1:".count)) else {
            process.terminate()
            throw StartError(description: "chaos_feed_server.py said \(text)")
        }
        self.port = port
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
