extension PageLine.Patterns {
    /// The patterns of furniture lines (matched against the lower-cased line), by index: bit `i` of
    /// `PatternGates.furniturePatterns` stands for `furniture(i)`.
    static let furnitureCount = 19

    /// Furniture pattern `index`. Each is built the first time a line needs it, not all nineteen at
    /// the first line that passes a gate: a regex literal is parsed when it is built, and building
    /// the nineteen cost more than a whole feed's furniture tests, for the one or two a feed needs.
    static func furniture(_ index: Int) -> Regex<Substring> {
        switch index {
        case 0: return furniture0
        case 1: return furniture1
        case 2: return furniture2
        case 3: return furniture3
        case 4: return furniture4
        case 5: return furniture5
        case 6: return furniture6
        case 7: return furniture7
        case 8: return furniture8
        case 9: return furniture9
        case 10: return furniture10
        case 11: return furniture11
        case 12: return furniture12
        case 13: return furniture13
        case 14: return furniture14
        case 15: return furniture15
        case 16: return furniture16
        case 17: return furniture17
        case 18: return furniture18
        default: preconditionFailure("no furniture pattern \(index)")
        }
    }

    /// All furniture patterns, in order.
    static var furniture: [Regex<Substring>] { (0..<furnitureCount).map(furniture(_:)) }

    nonisolated(unsafe) static let furniture0: Regex<Substring> = /folgen sie .*\b(?:bei|auf)\b.*/
    nonisolated(unsafe) static let furniture1: Regex<Substring> = /follow (?:us|[a-z0-9.]+) on .*/
    nonisolated(unsafe) static let furniture2: Regex<Substring> = /erfahren sie hier mehr über die journalistischen standards.*/
    nonisolated(unsafe) static let furniture3: Regex<Substring> = /beliebteste artikel(?: aktuell)?:?/
    nonisolated(unsafe) static let furniture4: Regex<Substring> = /(?:meistgelesen|meistgelesene artikel|most read|most popular|popular now|trending now):?/
    nonisolated(unsafe) static let furniture5: Regex<Substring> = /alle (?:aktuellen )?(?:entwicklungen|infos|informationen|news|nachrichten)\b.*\blesen sie (?:hier|in unserem .*)\.?/
    nonisolated(unsafe) static let furniture6: Regex<Substring> = /(?:anzeige|werbung|advertisement|sponsored|gesponsert|promotion)/
    nonisolated(unsafe) static let furniture7: Regex<Substring> = /(?:zur startseite|zurück zur startseite|back to top|nach oben|zurück nach oben)/
    nonisolated(unsafe) static let furniture8: Regex<Substring> = /(?:melden sie sich|abonnieren sie|jetzt|hier) .*newsletter.*/
    nonisolated(unsafe) static let furniture9: Regex<Substring> = /.*newsletter\b.*\b(?:anmelden|abonnieren|bestellen)\b.*/
    nonisolated(unsafe) static let furniture10: Regex<Substring> = /(?:sign up|subscribe) (?:for|to) (?:our|the) .*newsletter.*/
    nonisolated(unsafe) static let furniture11: Regex<Substring> = /(?:©|\(c\))? ?dpa-infocom.*/
    nonisolated(unsafe) static let furniture12: Regex<Substring> = /(?:kommentare|comments|\d+ kommentare|\d+ comments)(?: \(\d+\))?:?/
    nonisolated(unsafe) static let furniture13: Regex<Substring> = /copyright .*all rights reserved\.?/
    nonisolated(unsafe) static let furniture14: Regex<Substring> = /© ?\d{4}\b.{0,80}/
    nonisolated(unsafe) static let furniture15: Regex<Substring> = /stand: ?[\d.]+,? ?(?:[\d:]+ ?uhr)?/
    nonisolated(unsafe) static let furniture16: Regex<Substring> = /(?:lesezeit|reading time):? ?\d+ ?(?:min|min\.|minuten|minutes)/
    nonisolated(unsafe) static let furniture17: Regex<Substring> = /(?:artikel anhören|artikel vorlesen|vorlesen|listen to this article|audio version)/
    nonisolated(unsafe) static let furniture18: Regex<Substring> = /(?:mehr|weitere) (?:artikel|nachrichten|news|videos) (?:aus|von|zu) .{0,40}:?/
}
