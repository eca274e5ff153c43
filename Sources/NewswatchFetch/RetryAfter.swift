import CCurl
import Foundation

/// A server's `Retry-After`: either a delay or a moment (RFC 9110 §10.2.3).
public enum RetryAfter: Sendable, Equatable {
    case seconds(Int)
    case date(Date)

    /// nil for a value that is neither a non-negative integer nor an HTTP date.
    public init?(headerValue: String) {
        let value = headerValue.trimmingCharacters(in: .whitespaces)
        if !value.isEmpty, value.allSatisfy(\.isASCIIDigitCharacter) {
            guard let seconds = Int(value) else { return nil }
            self = .seconds(seconds)
        } else if let date = HTTPDate.parse(value) {
            self = .date(date)
        } else {
            return nil
        }
    }

    /// When the server allows the next attempt, for a response received at `now`.
    public func date(after now: Date) -> Date {
        switch self {
        case .seconds(let seconds): return now.addingTimeInterval(TimeInterval(seconds))
        case .date(let date): return max(date, now)
        }
    }
}

/// HTTP dates (IMF-fixdate, RFC 850 and asctime, as RFC 9110 requires a recipient to accept), read
/// with libcurl's own parser.
enum HTTPDate {
    static func parse(_ text: String) -> Date? {
        guard text.contains(where: \.isLetter) else { return nil }
        let seconds = curl_getdate(text, nil)
        guard seconds != -1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`), for messages.
    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
