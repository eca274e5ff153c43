import Foundation
import NewswatchNormalize
import NewswatchRules

/// How an alert is written as one line of the alert log.
///
/// The text layout, one alert per line, fields separated by single spaces:
///
///     TIME SEVERITY RULE "TITLE" key=value …
///     2024-12-09T14:05:03Z WARNING desertion "Pleite für Wladimir Putin: …" event=new source=news.de url=https://www.news.de/… id=3f2a9c1e matched=desert*,geflüchtet stories=1 sources=1 key=desertion/story-4/a52d281376681bc4
///
/// - TIME: RFC 3339 UTC, whole seconds, when the alert was decided.
/// - SEVERITY: `INFO`, `NOTICE`, `WARNING` or `CRITICAL`.
/// - RULE: the rule's name (one word: letters, digits, `-`, `_`, `.`).
/// - TITLE: the first article's title (or, for feed-health and rate-limit alerts, what happened), in
///   double quotes; `"` and `\` are escaped with `\`, line breaks and tabs as `\n`, `\r`, `\t`.
/// - Then, in this order, each only when it has a value: `kind=` (`burst`, `feed-health`,
///   `suppressed`; absent for an ordinary match), `event=` (`new` or `update`), `source=` (the feed),
///   `url=`, `id=` (the first 8 hex digits of the article's content hash), `matched=` (the query terms
///   that matched, comma-separated, as the rule wrote them), `stories=` and `sources=` (counts),
///   `feeds=` (comma-separated, when more than one feed carried the stories), `suppressed=` (how many
///   alerts the rate limit held back), and always last `key=` (the alert's dedup key, unique per
///   alert: a restarted daemon checks it to write no alert twice).
/// - A value with a space, a `"`, a `\`, a control character, or nothing in it is quoted like TITLE.
///
/// `format = "json"` writes JSON Lines instead: one object per alert with every field of `Alert`
/// (snake_case keys, times as RFC 3339 strings), sorted keys.
public enum AlertLogFormat: String, Sendable, CaseIterable {
    case text, json

    public func line(for alert: Alert) -> String {
        switch self {
        case .text: return Self.textLine(alert)
        case .json: return Self.jsonLine(alert)
        }
    }

    static func textLine(_ alert: Alert) -> String {
        var line = "\(RFC3339.string(from: alert.time)) \(alert.severity.rawValue.uppercased()) \(alert.rule) \(quoted(alert.title))"
        func field(_ name: String, _ value: String?) {
            guard let value else { return }
            line += " \(name)=\(needsQuotes(value) ? quoted(value) : value)"
        }
        if alert.kind != .match { field("kind", alert.kind.rawValue) }
        if alert.kind == .match || alert.kind == .burst { field("event", alert.isUpdate ? "update" : "new") }
        field("source", alert.source)
        field("url", alert.url)
        field("id", alert.articleID.map { String($0.prefix(8)) })
        if !alert.matched.isEmpty { field("matched", alert.matched.joined(separator: ",")) }
        if !alert.storyIDs.isEmpty { field("stories", String(alert.storyIDs.count)) }
        if !alert.sources.isEmpty { field("sources", String(alert.sources.count)) }
        if alert.sources.count > 1 { field("feeds", alert.sources.joined(separator: ",")) }
        if alert.kind == .suppressed { field("suppressed", String(alert.suppressed)) }
        field("key", alert.key.value)
        return line
    }

    static func needsQuotes(_ value: String) -> Bool {
        value.isEmpty || value.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func jsonLine(_ alert: Alert) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        // Encoding plain strings, numbers and arrays cannot fail.
        let data = (try? encoder.encode(alert)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
