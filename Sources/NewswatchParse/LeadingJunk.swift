/// Text a server wrote before the feed: a PHP warning (`<br />\n<b>Warning</b>: … on line 12`), a
/// stray line of debug output. The feed starts at its XML declaration or its root element; what comes
/// before is skipped with a warning instead of making the document unreadable.
enum LeadingJunk {
    /// How far into the document the start of the feed is looked for.
    static let searchLength = 4096

    static let starts: [[UInt8]] = ["<?xml ", "<?xml\t", "<rss ", "<rss>", "<feed ", "<feed>", "<rdf:RDF "].map { Array($0.utf8) }

    /// The offset where the feed starts, when something other than white space comes before it.
    static func feedStart(in bytes: [UInt8], from first: Int) -> Int? {
        let end = min(bytes.count, searchLength)
        guard first < end else { return nil }
        var index = first
        while index < end {
            if bytes[index] == UInt8(ascii: "<") {
                for start in starts where bytes[index...].starts(with: start) {
                    return index > first ? index : nil
                }
            }
            index += 1
        }
        return nil
    }

    /// The line (1-based) of the offset, for the warning.
    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}
