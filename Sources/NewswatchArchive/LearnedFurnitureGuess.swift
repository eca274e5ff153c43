import Synchronization

/// The lines the recording last found learned as furniture, per source: what `Archive.prepare` assumes
/// when it works out a stored text away from the database. Only a guess, kept by the writing process
/// from what its own recordings found: a wrong one (another process learned a line, this poll teaches
/// one) costs the recording the work the preparation would have saved, never a different result
/// (`PreparedArticle`). The recording corrects it with every lookup that disagrees.
final class LearnedFurnitureGuess: Sendable {
    /// Bounds on memory: a source keeps this many lines, and this many sources are kept (then the
    /// guess starts again empty). Furniture is a few lines per site.
    static let linesPerSource = 64
    static let sources = 4_096

    private let lines = Mutex<[String: Set<String>]>([:])

    /// The candidates assumed learned as furniture of `source`.
    func learned(source: String, among candidates: Set<String>) -> Set<String> {
        lines.withLock { lines in
            guard let known = lines[source], !known.isEmpty else { return [] }
            return candidates.intersection(known)
        }
    }

    /// What a recording found: of `candidates`, exactly `furniture` is learned for `source`.
    func found(source: String, candidates: Set<String>, furniture: Set<String>) {
        lines.withLock { lines in
            var known = lines[source] ?? []
            let before = known
            known.subtract(candidates.subtracting(furniture))
            for line in furniture where known.count < Self.linesPerSource { known.insert(line) }
            guard known != before else { return }
            if lines[source] == nil, lines.count >= Self.sources { lines.removeAll() }
            lines[source] = known
        }
    }
}
