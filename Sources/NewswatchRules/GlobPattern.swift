/// A shell-style pattern for rule filters: `*` any run of characters, `?` one character, everything
/// else literal; case-insensitive. `*.spiegel.de` matches `www.spiegel.de`.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let characters: [Character]

    public init(_ pattern: String) {
        self.pattern = pattern
        characters = Array(pattern.lowercased())
    }

    public var description: String { pattern }

    public func matches(_ text: String) -> Bool {
        let text = Array(text.lowercased())
        // Iterative matching with one backtrack point: linear for the patterns people write.
        var p = 0, t = 0
        var star = -1, resume = 0
        while t < text.count {
            if p < characters.count, characters[p] == "?" || characters[p] == text[t] {
                p += 1
                t += 1
            } else if p < characters.count, characters[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }
}
