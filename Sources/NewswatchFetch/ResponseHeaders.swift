import Foundation

/// Reading the few response header values the fetcher reports. Pure string work, so it is tested
/// without a server.
enum ResponseHeaders {
    /// `application/rss+xml; charset="ISO-8859-1"` → (`application/rss+xml`, `iso-8859-1`).
    static func contentType(_ value: String?) -> (mediaType: String?, charset: String?) {
        guard let value else { return (nil, nil) }
        let parts = value.split(separator: ";", omittingEmptySubsequences: false)
        let mediaType = parts.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var charset: String?
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2,
                  pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let raw = pair[1].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if !raw.isEmpty { charset = raw.lowercased() }
        }
        return (mediaType?.isEmpty == true ? nil : mediaType, charset)
    }

    /// `max-age` from all `Cache-Control` values; `no-cache`/`no-store` count as 0 (a poll interval
    /// has its own floor, so this only removes a lower bound).
    static func maxAge(_ values: [String]) -> Int? {
        var result: Int?
        for directive in values.flatMap({ $0.split(separator: ",") }) {
            let pair = directive.split(separator: "=", maxSplits: 1)
            let name = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            switch name {
            case "max-age" where pair.count == 2:
                let digits = pair[1].trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if let seconds = Int(digits), seconds >= 0 { result = seconds }
            case "no-cache", "no-store":
                return 0
            default:
                continue
            }
        }
        return result
    }
}
