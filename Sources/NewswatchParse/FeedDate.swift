import Foundation
import NewswatchNormalize

/// Reads the dates feeds carry, in every spelling met in the wild, as an instant in UTC:
/// RFC 822/1123/850 with named or numeric zones, `GMT+1`, without seconds or weekday, with two-digit
/// years, in English or German (`Mo, 09 Dez 2024 14:05:00 +0100`), asctime, and RFC 3339 / ISO 8601
/// with or without zone. A date without a zone is taken as UTC. Nil when it cannot be read: the
/// caller names it in `warnings` and leaves the field out, never substituting "now".
public enum FeedDate {
    public static func parse(_ raw: String) -> Date? {
        if let date = CommonDateForms.parse(raw) { return date }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count < 100 else { return nil }
        if let first = text.utf8.first, first >= 0x30, first <= 0x39, let date = iso8601(text) { return date }
        return rfc822(text)
    }

    // MARK: - ISO 8601

    nonisolated(unsafe) static let isoPattern =
        /(\d{4})-?(\d{2})-?(\d{2})(?:[Tt ]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?/

    static func iso8601(_ text: String) -> Date? {
        guard let match = text.wholeMatch(of: isoPattern) else { return nil }
        let year = Int64(match.1)!, month = Int64(match.2)!, day = Int64(match.3)!
        let hour = match.4.map { Int64($0)! } ?? 0
        let minute = match.5.map { Int64($0)! } ?? 0
        let second = match.6.map { Int64($0)! } ?? 0
        let fraction = match.7.map { Double("0." + $0) ?? 0 } ?? 0
        let offset = match.8.flatMap { zoneOffset(String($0)) } ?? 0
        return instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset, fraction: fraction)
    }

    // MARK: - RFC 822 and relatives

    static let months: [String: Int64] = {
        var map: [String: Int64] = [:]
        let names: [[String]] = [
            ["jan", "january", "januar", "jän", "jänner"], ["feb", "february", "februar"], ["mar", "march", "mär", "mrz", "märz", "maerz"],
            ["apr", "april"], ["may", "mai"], ["jun", "june", "juni"], ["jul", "july", "juli"], ["aug", "august"],
            ["sep", "sept", "september"], ["oct", "october", "okt", "oktober"], ["nov", "november"], ["dec", "december", "dez", "dezember"],
        ]
        for (index, spellings) in names.enumerated() { for name in spellings { map[name] = Int64(index + 1) } }
        return map
    }()

    static let weekdays: Set<String> = [
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mo", "di", "mi", "do", "fr", "sa", "so",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    ]

    /// Named zones in feeds, in seconds east of UTC (US zones per RFC 822, the European ones feeds use).
    static let namedZones: [String: Int64] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "wet": 0,
        "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
        "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
        "cet": 3600, "mez": 3600, "cest": 7200, "mesz": 7200, "bst": 3600, "eet": 7200, "eest": 10800, "west": 3600,
    ]

    static func rfc822(_ text: String) -> Date? {
        // Split into words on white space and commas; `09-Dec-24` (RFC 850) and `09.12.2024` split too.
        var tokens: [String] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" }) {
            let word = String(word)
            if word.contains("-"), word.first?.isNumber == true, !word.contains(":"), word.contains(where: \.isLetter) {
                tokens.append(contentsOf: word.split(separator: "-").map(String.init))
            } else if word.first?.isNumber == true, word.filter({ $0 == "." }).count == 2, !word.contains(":") {
                let parts = word.split(separator: ".").map(String.init)
                guard parts.count == 3 else { return nil }
                tokens.append(contentsOf: [parts[0], "month:" + parts[1], parts[2]])
            } else {
                tokens.append(word)
            }
        }

        var day: Int64?, month: Int64?, year: Int64?
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0
        var sawTime = false
        var offset: Int64?
        var pm: Bool?

        var inComment = false
        for rawToken in tokens {
            // `(CET)`, `(Mitteleuropäische Normalzeit)`: a comment, as JavaScript's Date writes it.
            if inComment || rawToken.hasPrefix("(") {
                inComment = !rawToken.hasSuffix(")")
                continue
            }
            var token = rawToken
            // `09.` as German writes the day.
            if token.hasSuffix("."), token.dropLast().allSatisfy(\.isNumber), token.count > 1 { token.removeLast() }
            let lower = token.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            if weekdays.contains(lower) { continue }
            if lower.hasPrefix("month:") {
                guard let value = Int64(lower.dropFirst(6)), (1...12).contains(value) else { return nil }
                month = value
                continue
            }
            if let value = months[lower] { month = value; continue }
            // After the time, `am`/`pm`; before it, German `am` ("on the"), like `um` and `Uhr`.
            if lower == "am" || lower == "pm" {
                if sawTime { pm = lower == "pm" }
                continue
            }
            if lower == "um" || lower == "uhr" || lower == "at" || lower == "den" { continue }
            if let first = token.first, first.isNumber, token.contains(":"), !sawTime {
                // The time, perhaps with its zone glued on: `14:05:00+0100`, `14:05Z`.
                if let zoneStart = token.firstIndex(where: { $0 == "+" || $0 == "-" || $0 == "Z" || $0 == "z" }) {
                    guard let zone = zoneOffset(String(token[zoneStart...])) else { return nil }
                    offset = zone
                    token = String(token[..<zoneStart])
                }
                let parts = token.split(separator: ":", omittingEmptySubsequences: false)
                guard (2...3).contains(parts.count), let h = Int64(parts[0]), let m = Int64(parts[1]) else { return nil }
                hour = h
                minute = m
                if parts.count == 3 {
                    let secondText = parts[2].split(separator: ".").first.map(String.init) ?? ""
                    guard let s = Int64(secondText) else { return nil }
                    second = s
                }
                sawTime = true
                continue
            }
            if token.allSatisfy(\.isNumber) {
                guard let value = Int64(token) else { return nil }
                if token.count == 4, year == nil, day != nil || month != nil || sawTime {
                    year = value
                } else if token.count <= 2, day == nil {
                    day = value
                } else if token.count <= 2, year == nil {
                    year = value < 50 ? 2000 + value : 1900 + value
                } else if token.count == 4, year == nil {
                    year = value
                } else {
                    return nil
                }
                continue
            }
            if offset == nil, let zone = zoneOffset(token) { offset = zone; continue }
            return nil
        }
        guard let day, let month, let year else { return nil }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        return instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset ?? 0)
    }

    /// `+0100`, `-05:00`, `+01`, `GMT`, `GMT+1`, `UTC+01:00`, `CEST`: seconds east of UTC.
    static func zoneOffset(_ raw: String) -> Int64? {
        var text = raw.lowercased()
        if let named = namedZones[text] { return named }
        var base: Int64 = 0
        for prefix in ["gmt", "utc", "ut"] where text.hasPrefix(prefix) && text.count > prefix.count {
            text.removeFirst(prefix.count)
            base = 0
            break
        }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().replacingOccurrences(of: ":", with: "")
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber), digits.count <= 4 else { return nil }
        let hours: Int64, minutes: Int64
        switch digits.count {
        case 1, 2: hours = Int64(digits)!; minutes = 0
        case 3: hours = Int64(digits.prefix(1))!; minutes = Int64(digits.suffix(2))!
        default: hours = Int64(digits.prefix(2))!; minutes = Int64(digits.suffix(2))!
        }
        guard hours <= 14, minutes < 60 else { return nil }
        return base + (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
    }

    static func instant(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, offset: Int64, fraction: Double = 0) -> Date? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              (1000...9999).contains(year), hour <= 24, minute < 60, second <= 60
        else { return nil }
        let days = RFC3339.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
