import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `openssl s_server -www` on 127.0.0.1 with a fresh self-signed certificate: a real TLS server whose
/// certificate no trust store accepts. Needs the `openssl` command (Debian package `openssl`).
public final class TLSTestServer: Sendable {
    public let port: Int
    private let process: Process
    private let directory: URL

    public init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("newswatch-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        let (certificate, key) = try SelfSignedCertificate.make(in: directory)
        let port = try freeLoopbackPort()
        self.port = port
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate,
                             "-key", key, "-www", "-quiet"]
        process.standardInput = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        try waitUntilListening(port: port)
    }

    deinit {
        stop()
    }

    public var url: String { "https://127.0.0.1:\(port)/" }

    public func stop() {
        if process.isRunning {
            // SIGKILL: the child may inherit a blocked SIGTERM from the test runner's threads.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A key and a self-signed certificate for 127.0.0.1 (EC P-256: made in milliseconds).
enum SelfSignedCertificate {
    static func make(in directory: URL) throws -> (certificate: String, key: String) {
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        try runTool("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=127.0.0.1",
                                "-addext", "subjectAltName=IP:127.0.0.1"])
        return (certificate, key)
    }
}

func runTool(_ tool: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw TestHTTPServer.StartError(description: "\(tool) \(arguments.first ?? "") failed with status \(process.terminationStatus)")
    }
}

/// A port nobody listens on right now (a tiny race with other binders, acceptable in tests).
func freeLoopbackPort() throws -> Int {
    let probe = try TestHTTPServer()
    let port = probe.port
    probe.stop()
    return port
}

func waitUntilListening(port: Int, process: Process? = nil) throws {
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
        if let process, !process.isRunning { break }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        close(fd)
        if connected == 0 { return }
        Thread.sleep(forTimeInterval: 0.02)
    }
    throw TestHTTPServer.StartError(description: "the test server did not start listening on port \(port)")
}
