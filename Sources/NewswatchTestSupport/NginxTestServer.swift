import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's nginx on 127.0.0.1 over TLS with HTTP/2 and a self-signed certificate, serving files
/// from a scratch folder with real ETag/Last-Modified handling. The access log records, per request,
/// nginx's connection serial number and the protocol, so tests can see multiplexing and reuse.
/// Needs the `nginx` command (Debian package `nginx`, installed by `make deps`).
public final class NginxTestServer: Sendable {
    public struct LogLine: Sendable, Equatable {
        public var connection: Int
        public var proto: String
        public var status: Int
        public var path: String
    }

    public let port: Int
    private let directory: URL
    private let process: Process

    /// `files` maps a path under the web root (`feed.xml`) to its content.
    public init(files: [String: String]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("newswatch-nginx-\(UUID().uuidString)")
        let root = directory.appendingPathComponent("www")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        self.directory = directory
        for (name, content) in files {
            try Data(content.utf8).write(to: root.appendingPathComponent(name))
        }
        let (certificate, key) = try SelfSignedCertificate.make(in: directory)
        let port = try freeLoopbackPort()
        self.port = port
        let dir = directory.path
        let config = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(dir)/nginx.pid;
            error_log \(dir)/error.log;
            events { worker_connections 512; }
            http {
                log_format feeds '$connection $server_protocol $status $request_uri';
                access_log \(dir)/access.log feeds;
                client_body_temp_path \(dir)/tmp-body;
                proxy_temp_path \(dir)/tmp-proxy;
                fastcgi_temp_path \(dir)/tmp-fastcgi;
                uwsgi_temp_path \(dir)/tmp-uwsgi;
                scgi_temp_path \(dir)/tmp-scgi;
                types { application/rss+xml xml; }
                charset utf-8;
                charset_types application/rss+xml;
                server {
                    listen 127.0.0.1:\(port) ssl http2;
                    ssl_certificate \(certificate);
                    ssl_certificate_key \(key);
                    root \(root.path);
                    etag on;
                    gzip on;
                    gzip_types application/rss+xml;
                    gzip_min_length 0;
                }
            }
            """
        let configPath = directory.appendingPathComponent("nginx.conf").path
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["nginx", "-p", dir, "-c", configPath, "-e", "\(dir)/error.log"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        do {
            try waitUntilListening(port: port, process: process)
        } catch {
            let log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
            stop()
            throw TestHTTPServer.StartError(description: "nginx did not start: \(log)")
        }
    }

    deinit {
        stop()
    }

    public func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    /// The access log so far.
    public var log: [LogLine] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("access.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4, let connection = Int(fields[0]), let status = Int(fields[2]) else { return nil }
            return LogLine(connection: connection, proto: String(fields[1]), status: status, path: String(fields[3]))
        }
    }

    /// The access log once it has at least `count` lines (nginx writes a line after the response
    /// has gone out, so a client can be a moment ahead of it), or as it is after two seconds.
    public func log(waitingFor count: Int) -> [LogLine] {
        let deadline = Date().addingTimeInterval(2)
        var lines = log
        while lines.count < count && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            lines = log
        }
        return lines
    }

    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
