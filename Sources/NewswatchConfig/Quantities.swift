/// A length of time as the config writes it: `90s`, `15m`, `2h`, `7d`, `1w`, `1h30m`.
public struct ConfigDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Double

    public init(seconds: Double) { self.seconds = seconds }

    static let units: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800),
    ]

    /// nil when the text is not a duration.
    public init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let suffix = rest.prefix { $0.isLetter }
            guard let unit = Self.units.first(where: { $0.suffix == suffix.lowercased() }) else { return nil }
            rest = rest.dropFirst(suffix.count)
            total += value * unit.seconds
        }
        seconds = total
    }

    public var description: String {
        var rest = Int(seconds.rounded())
        if rest == 0 { return seconds > 0 ? "\(Int(seconds * 1000))ms" : "0s" }
        var text = ""
        for (suffix, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(suffix)"
            rest %= size
        }
        return text
    }

    public static func < (a: ConfigDuration, b: ConfigDuration) -> Bool { a.seconds < b.seconds }
}

/// A number of bytes as the config writes it: `10MiB`, `512KiB`, `1GB`, or a plain integer.
public struct ConfigByteSize: Sendable, Hashable, CustomStringConvertible {
    public var bytes: Int64

    public init(bytes: Int64) { self.bytes = bytes }

    static let units: [String: Int64] = [
        "b": 1, "k": 1000, "kb": 1000, "kib": 1024, "m": 1_000_000, "mb": 1_000_000, "mib": 1_048_576,
        "g": 1_000_000_000, "gb": 1_000_000_000, "gib": 1_073_741_824,
    ]

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        let suffix = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces).lowercased()
        guard let value = Double(number), let unit = suffix.isEmpty ? 1 : Self.units[suffix] else { return nil }
        bytes = Int64(value * Double(unit))
    }

    public var description: String {
        for (suffix, size) in [("GiB", Int64(1_073_741_824)), ("MiB", 1_048_576), ("KiB", 1024)] where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(suffix)"
        }
        return "\(bytes)"
    }
}

import Foundation
