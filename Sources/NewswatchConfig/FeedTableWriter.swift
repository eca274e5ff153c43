/// Writes feeds as `[[feed]]` tables that `ConfigurationLoader` reads back to the same feeds: the
/// format of the files tools drop into `feeds.d/`.
public struct FeedTableWriter: Sendable {
    public init() {}

    /// The tables for `feeds`, separated by blank lines. Only what a feed list carries is written
    /// (name, url or path, tags, interval, enabled); `comments` (by feed name) go above a table.
    public func tables(_ feeds: [FeedSettings], comments: [String: [String]] = [:]) -> String {
        feeds.map { feed in
            var out = ""
            for comment in comments[feed.name] ?? [] {
                out += "# " + comment.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") + "\n"
            }
            out += "[[feed]]\n"
            out += "name = \(Self.quoted(feed.name))\n"
            switch feed.location {
            case .url(let url): out += "url = \(Self.quoted(url))\n"
            case .path(let path): out += "path = \(Self.quoted(path))\n"
            }
            if !feed.tags.isEmpty { out += "tags = [\(feed.tags.map(Self.quoted).joined(separator: ", "))]\n" }
            if let interval = feed.interval { out += "interval = \(Self.quoted(interval.description))\n" }
            if !feed.enabled { out += "enabled = false\n" }
            return out
        }.joined(separator: "\n")
    }

    /// A TOML basic string: quotes, backslashes and every control character escaped (TOML allows
    /// none of them raw in a basic string).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
