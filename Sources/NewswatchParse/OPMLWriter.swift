import Foundation

/// Writes an OPML 2.0 subscription list: one `<outline type="rss">` per feed, tags as its
/// comma-separated `category`.
public struct OPMLWriter: Sendable {
    public init() {}

    public func write(_ document: OPMLDocument, created: Date = Date()) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0">
              <head>
                <title>\(Self.escaped(document.title ?? "newswatch feeds"))</title>
                <dateCreated>\(Self.rfc822(created))</dateCreated>
              </head>
              <body>

            """
        for feed in document.feeds {
            let label = Self.escaped(feed.title ?? feed.feedURL)
            var line = "    <outline type=\"rss\" text=\"\(label)\" title=\"\(label)\" xmlUrl=\"\(Self.escaped(feed.feedURL))\""
            if let site = feed.siteURL { line += " htmlUrl=\"\(Self.escaped(site))\"" }
            // A comma separates categories; one inside a tag cannot be said, so it becomes a space.
            let categories = feed.tags.map { $0.replacingOccurrences(of: ",", with: " ") }
            if !categories.isEmpty { line += " category=\"\(Self.escaped(categories.joined(separator: ",")))\"" }
            out += line + "/>\n"
        }
        return out + "  </body>\n</opml>\n"
    }

    /// Text for an attribute or element: markup escaped, whitespace that attribute normalisation
    /// would flatten kept as character references, and the control characters XML 1.0 cannot carry
    /// left out.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
