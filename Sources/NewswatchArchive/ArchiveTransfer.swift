import Foundation
import GRDB
import NewswatchNormalize

/// The JSON-lines form of the archive that `export` writes and `import` reads: one article per line,
/// in the Article JSON of `docs/article-model.md` plus an `archive` key with its story entry, first
/// sighting time and sightings. Any Article JSON without that key imports too (as seen by feed
/// "import" at its `fetched` time).
struct ExportLine: Codable {
    struct Archived: Codable {
        /// The archive's id; differs from the article's own for a pruned article.
        var id: String?
        /// Retention dropped the text: importing leaves a tombstone, so the article is not re-added.
        var pruned: Bool?
        var entry: ArchivedArticle.Entry
        var firstSeen: String
        var sightings: [Sighting]
    }
    struct Sighting: Codable {
        var feed: String
        var url: String?
        var guid: String?
        var firstSeen: String
        var lastSeen: String
    }
    enum Key: String, CodingKey { case archive }

    var article: Article
    var archive: Archived?

    init(_ archived: ArchivedArticle) {
        article = archived.article
        archive = Archived(
            id: archived.id.hex, pruned: archived.pruned ? true : nil, entry: archived.entry, firstSeen: RFC3339.string(from: archived.firstSeen),
            sightings: archived.sightings.map {
                Sighting(feed: $0.feed, url: $0.url, guid: $0.guid,
                         firstSeen: RFC3339.string(from: $0.firstSeen), lastSeen: RFC3339.string(from: $0.lastSeen))
            })
    }

    init(from decoder: Decoder) throws {
        article = try Article(from: decoder)
        archive = try decoder.container(keyedBy: Key.self).decodeIfPresent(Archived.self, forKey: .archive)
    }

    func encode(to encoder: Encoder) throws {
        try article.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(archive, forKey: .archive)
    }
}

/// What an import did.
public struct ImportSummary: Sendable, Equatable {
    public var lines = 0
    public var added = 0
    public var alreadyThere = 0
    public var tombstoned = 0

    public init(lines: Int = 0, added: Int = 0, alreadyThere: Int = 0, tombstoned: Int = 0) {
        self.lines = lines
        self.added = added
        self.alreadyThere = alreadyThere
        self.tombstoned = tombstoned
    }
}

/// A line of an import file that is not an article.
public struct ImportError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let problem: String
    public var description: String { "\(file):\(line): \(problem)" }
}

extension Archive {
    /// Calls `body` with every article first seen since `since` (all when nil), oldest first, from one
    /// consistent snapshot of the archive.
    public func forEachArticle(since: Date? = nil, _ body: (ArchivedArticle) throws -> Void) throws {
        try read { db in
            let reader = ArchivedArticleReader(db: db)
            // Without statistics SQLite prefers walking the table in `seq` order to sorting what the
            // firstSeen index finds: a read of the whole archive for the daemon's start-up replay.
            let ids = try String.fetchCursor(
                db, sql: "SELECT id FROM article INDEXED BY article_firstSeen WHERE firstSeen >= ? ORDER BY seq",
                arguments: [since.map(StoredTime.seconds) ?? Int64.min])
            while let id = try ids.next() {
                if let archived = try reader.load(id: id) { try body(archived) }
            }
        }
    }

    /// One line of the export: compact JSON, keys sorted, no newline.
    public static func exportLine(_ archived: ArchivedArticle) throws -> String {
        String(decoding: try Article.jsonEncoder(pretty: false).encode(ExportLine(archived)), as: UTF8.self)
    }

    /// Imports a JSON-lines file written by `export` (or any Article JSON, one per line). Idempotent:
    /// an article already archived only has its sightings merged, so importing twice adds nothing.
    /// Lines are committed in batches; a bad line stops the import with its line number, after the
    /// batches before it (running the import again after fixing the file is safe).
    public func importArticles(from file: String, batchSize: Int = 500) throws -> ImportSummary {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw ImportError(file: file, line: 0, problem: "cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        var summary = ImportSummary()
        var batch: [ExportLine] = []
        let decoder = JSONDecoder()
        var lineNumber = 0
        for line in LineReader(handle: handle) {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) { continue }
            do {
                batch.append(try decoder.decode(ExportLine.self, from: Data(line)))
            } catch {
                throw ImportError(file: file, line: lineNumber, problem: "not an article: \(Self.describe(error))")
            }
            summary.lines += 1
            if batch.count >= batchSize {
                try importBatch(batch, into: &summary)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try importBatch(batch, into: &summary) }
        // Imported articles are searchable when the import returns.
        try indexForSearch()
        return summary
    }

    private func importBatch(_ lines: [ExportLine], into summary: inout ImportSummary) throws {
        var searchEntries: NewSearchEntries?
        let outcomes = try write { db -> [ArchiveOutcome] in
            let recorder = ArticleRecorder(db: db, options: options, window: nearDuplicateWindow)
            searchEntries = recorder.searchEntries
            return try lines.map { line in
                let article = line.article
                if line.archive?.pruned == true, let id = line.archive?.id.flatMap(ContentHash.init(hex:)) {
                    if try recorder.isKnown(id) { return ArchiveOutcome(id: id, story: nil, kind: .seenBefore) }
                    try db.execute(sql: "INSERT INTO tombstone (id, reason, at) VALUES (?, 'pruned', ?)",
                                   arguments: [id.hex, StoredTime.seconds(article.fetched)])
                    return ArchiveOutcome(id: id, story: nil, kind: .tombstoned)
                }
                let fetched = StoredTime.seconds(article.fetched)
                let sightings = line.archive?.sightings ?? [
                    ExportLine.Sighting(feed: "import", url: article.url, guid: article.guid,
                                        firstSeen: RFC3339.string(from: article.fetched), lastSeen: RFC3339.string(from: article.fetched)),
                ]
                let firstSeen = line.archive.flatMap { RFC3339.date(from: $0.firstSeen) }.map(StoredTime.seconds) ?? fetched
                var outcome: ArchiveOutcome?
                for sighting in sightings {
                    let seen = ArticleRecorder.Seen(
                        feed: sighting.feed, itemKey: ItemKey.keys(for: [article])[0].key,
                        url: sighting.url ?? "", guid: sighting.guid ?? "",
                        firstSeen: RFC3339.date(from: sighting.firstSeen).map(StoredTime.seconds) ?? firstSeen,
                        lastSeen: RFC3339.date(from: sighting.lastSeen).map(StoredTime.seconds) ?? firstSeen)
                    let result = try recorder.record(article, seen: seen)
                    if outcome == nil { outcome = result }
                    if result.kind == .tombstoned { break }
                }
                return outcome ?? ArchiveOutcome(id: article.id, story: nil, kind: .seenBefore)
            }
        }
        committed(searchEntries)
        for outcome in outcomes {
            switch outcome.kind {
            case .tombstoned: summary.tombstoned += 1
            case .seenBefore: summary.alreadyThere += 1
            default: summary.added += 1
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
             DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, _):
            return "missing \"\(key.stringValue)\""
        default:
            return String(describing: error)
        }
    }
}

/// Lines of a file as bytes, read in chunks so a large export is never held whole.
struct LineReader: Sequence, IteratorProtocol {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(handle: FileHandle) { self.handle = handle }

    mutating func next() -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<newline]
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            let chunk = (try? handle.read(upToCount: 1 << 20)) ?? nil
            buffer.removeFirst(start)
            start = 0
            if let chunk, !chunk.isEmpty { buffer.append(contentsOf: chunk) } else { atEnd = true }
        }
    }
}
