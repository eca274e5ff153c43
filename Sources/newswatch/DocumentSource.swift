import Foundation

/// Where a command reads one document from: a file, or standard input for `-`.
struct DocumentSource {
    let argument: String

    /// The name errors use for it.
    var name: String { argument == "-" ? "standard input" : argument }

    /// The whole document, refused with a clear reason when it is missing, not a regular file, empty,
    /// unreadable, or larger than `limit` bytes (checked before reading, so a 2 GB file costs nothing).
    func read(limit: Int) throws -> [UInt8] {
        if argument == "-" {
            let bytes = try readStandardInput(limit: limit)
            if bytes.isEmpty { throw CommandFailure(name, "is empty") }
            return bytes
        }
        var info = stat()
        guard stat(argument, &info) == 0 else {
            throw CommandFailure(argument, errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw CommandFailure(argument, "is a directory, not a file")
        case S_IFREG: break
        default: throw CommandFailure(argument, "is not a regular file")
        }
        if Int64(info.st_size) > Int64(limit) {
            throw CommandFailure(argument, "is \(ByteCount(Int64(info.st_size))), larger than the \(ByteCount(Int64(limit))) limit for one document (see --max-size)")
        }
        if info.st_size == 0 { throw CommandFailure(argument, "is empty") }
        guard let handle = FileHandle(forReadingAtPath: argument) else {
            throw CommandFailure(argument, "cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        if data.count > limit {
            throw CommandFailure(argument, "is larger than the \(ByteCount(Int64(limit))) limit for one document (see --max-size)")
        }
        return [UInt8](data)
    }

    private func readStandardInput(limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(0, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandFailure(name, "cannot be read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit {
                throw CommandFailure(name, "is larger than the \(ByteCount(Int64(limit))) limit for one document (see --max-size)")
            }
        }
    }
}

/// A byte count as people read it: `64 MiB`, `2.0 GB`.
struct ByteCount: CustomStringConvertible {
    let bytes: Int64
    init(_ bytes: Int64) { self.bytes = bytes }

    var description: String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) bytes" }
        return value == value.rounded() ? "\(Int(value)) \(units[unit])" : String(format: "%.1f %@", value, units[unit])
    }
}
