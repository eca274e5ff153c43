import Foundation

/// The two spellings nearly every feed date has, read straight from the bytes:
/// RFC 1123 as RSS writes it (`Sat, 21 Nov 2026 04:27:00 +0000`, or `GMT` for the zone) and RFC 3339
/// as Atom writes it (`2026-11-21T04:27:00Z`, or `+01:00`, with or without a fraction of a second). `FeedDate.parse` asks here first; any
/// other spelling, and any value here that is out of range, is left to its general readers, which
/// give these forms the same instant.
enum CommonDateForms {
    static func parse(_ text: String) -> Date? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Date? in
            if bytes.count == 31 || bytes.count == 29, let date = rfc1123(bytes) { return date }
            return bytes.count >= 20 ? rfc3339(bytes) : nil
        } ?? nil
    }

    static let weekdays: [String] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let months: [String] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `Www, DD Mmm YYYY HH:MM:SS +HHMM` (31 bytes) or `… GMT` (29 bytes), English names.
    private static func rfc1123(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b[3] == UInt8(ascii: ","), b[4] == 0x20, b[7] == 0x20, b[11] == 0x20, b[16] == 0x20,
              b[19] == UInt8(ascii: ":"), b[22] == UInt8(ascii: ":"), b[25] == 0x20,
              weekdays.contains(word(b, 0)), let month = months.firstIndex(of: word(b, 8)),
              let day = number(b, 5, 2), let year = number(b, 12, 4),
              let hour = number(b, 17, 2), let minute = number(b, 20, 2), let second = number(b, 23, 2)
        else { return nil }
        let offset: Int64
        if b.count == 29 {
            guard b[26] == UInt8(ascii: "G"), b[27] == UInt8(ascii: "M"), b[28] == UInt8(ascii: "T") else { return nil }
            offset = 0
        } else {
            guard let zone = zone(b, 26, colon: false) else { return nil }
            offset = zone
        }
        return FeedDate.instant(year: year, month: Int64(month + 1), day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, a fraction of a second (`.651`) or none, then `Z` or `+HH:MM`: the
    /// fraction as `FeedDate.iso8601` reads it. Pages' JSON-LD and `article:published_time` write
    /// milliseconds (`2023-11-07T02:22:09.651Z`), which went to the pattern (75,000 instructions a date).
    private static func rfc3339(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(b, 0, 4), let month = number(b, 5, 2), let day = number(b, 8, 2),
              let hour = number(b, 11, 2), let minute = number(b, 14, 2), let second = number(b, 17, 2)
        else { return nil }
        var cursor = 19
        var fraction: Double = 0
        if b[cursor] == UInt8(ascii: ".") {
            var end = cursor + 1
            while end < b.count, b[end] >= 0x30, b[end] <= 0x39 { end += 1 }
            guard end > cursor + 1 else { return nil }
            fraction = Double("0." + String(decoding: UnsafeBufferPointer(rebasing: b[(cursor + 1)..<end]), as: UTF8.self)) ?? 0
            cursor = end
        }
        let offset: Int64
        switch b.count - cursor {
        case 1:
            guard b[cursor] == UInt8(ascii: "Z") else { return nil }
            offset = 0
        case 6:
            guard let zone = zone(b, cursor, colon: true) else { return nil }
            offset = zone
        default:
            return nil
        }
        return FeedDate.instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset, fraction: fraction)
    }

    /// `+HHMM` / `+HH:MM` in seconds east of UTC; nil out of the range `FeedDate.zoneOffset` takes.
    private static func zone(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, colon: Bool) -> Int64? {
        let sign = b[at]
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        if colon { guard b[at + 3] == UInt8(ascii: ":") else { return nil } }
        guard let hours = number(b, at + 1, 2), let minutes = number(b, at + (colon ? 4 : 3), 2), hours <= 14, minutes < 60 else { return nil }
        return (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
    }

    /// Three ASCII letters, lower-cased; "" when they are not letters.
    private static func word(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> String {
        var letters: [UInt8] = [b[at], b[at + 1], b[at + 2]]
        for index in letters.indices {
            let byte = letters[index] | 0x20
            guard byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { return "" }
            letters[index] = byte
        }
        return String(decoding: letters, as: UTF8.self)
    }

    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ digits: Int) -> Int64? {
        var value: Int64 = 0
        for index in at..<(at + digits) {
            let byte = b[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }
}
