import CMinHash
import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import NewswatchTestSupport
import Testing

/// The near-duplicate keys an Archive holds in memory (`NearDuplicateWindow`) must give the same
/// answers as the FTS5 key index, whoever writes or removes keys.
@Suite struct NearDuplicateWindowTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    static func options(window: Bool) -> ArchiveOptions {
        var options = ArchiveOptions()
        options.nearDuplicateLookupsBeforeWindow = window ? 0 : .max
        return options
    }

    @Test func theWindowAnswersAsTheKeyIndexDoesWhoeverWrites() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("archive.sqlite")
        // Two archives on one file, as the daemon and the CLI: one answers from memory, one from FTS5.
        let windowed = try Archive(path: path, options: Self.options(window: true))
        let indexOnly = try Archive(path: path, options: Self.options(window: false))
        let seeds = try Seeds.all()
        let copies = try (0..<5).map { try NearDuplicateTests().outletCopy(of: $0) }
        let probes = copies + seeds + [seeds[0].replacingParagraph(0, with: "Ganz anders beginnt dieser Text heute.")]
        func answers(at time: Date) throws -> [ContentHash?] {
            let fromMemory = try probes.map { try windowed.nearDuplicate(of: $0, at: time) }
            #expect(fromMemory == (try probes.map { try indexOnly.nearDuplicate(of: $0, at: time) }))
            return fromMemory
        }

        _ = try windowed.record(feed: "a", articles: [seeds[0], seeds[1]], at: now)
        #expect(try answers(at: now.addingTimeInterval(600)).prefix(5) == [seeds[0].id, seeds[1].id, nil, nil, nil])
        #expect(windowed.nearDuplicateWindow.articleCount == 2)

        // Another process's write is seen at the next lookup.
        _ = try indexOnly.record(feed: "b", articles: [seeds[2], seeds[3]], at: now.addingTimeInterval(3600))
        #expect(try answers(at: now.addingTimeInterval(4200)).prefix(5) == [seeds[0].id, seeds[1].id, seeds[2].id, seeds[3].id, nil])
        #expect(windowed.nearDuplicateWindow.articleCount == 4)

        // Another process's removals: a deletion (its seq is the highest, given again to the next
        // article) and a prune.
        #expect(try indexOnly.delete(seeds[3].id, at: now.addingTimeInterval(4300)))
        _ = try indexOnly.record(feed: "b", articles: [seeds[4]], at: now.addingTimeInterval(4400))
        #expect(try answers(at: now.addingTimeInterval(4800)).prefix(5) == [seeds[0].id, seeds[1].id, seeds[2].id, nil, seeds[4].id])
        #expect(try indexOnly.prune(firstSeenBefore: now.addingTimeInterval(1)) == 2)
        #expect(try answers(at: now.addingTimeInterval(4900)).prefix(5) == [nil, nil, seeds[2].id, nil, seeds[4].id])

        // A copy recorded from memory is linked as FTS5 would link it; the window moves on.
        let outcome = try windowed.record(feed: "c", articles: [copies[2]], at: now.addingTimeInterval(5000))
        #expect(outcome[0].kind == .nearDuplicate(of: seeds[2].id))
        #expect(try answers(at: now.addingTimeInterval(3 * 86_400 + 4000)).prefix(5) == [nil, nil, outcome[0].id, nil, seeds[4].id])
        // A lookup reaching back before what the memory holds is answered by FTS5, the same.
        #expect(try answers(at: now.addingTimeInterval(4000)).prefix(5) == [nil, nil, outcome[0].id, nil, seeds[4].id])
    }

    /// A poll whose transaction rolls back gives its `seq`s to the next articles: the keys it added
    /// must not stay in memory, or the next article would be found under the rolled-back one's keys.
    @Test func aRolledBackPollLeavesNoKeysInMemory() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive(Self.options(window: true))
        let seeds = try Seeds.all()
        let copies = try (0..<5).map { try NearDuplicateTests().outletCopy(of: $0) }
        _ = try archive.record(feed: "a", articles: [seeds[0]], at: now)
        try archive.pool.writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER fail_poll BEFORE INSERT ON main.article WHEN new.title = 'Abbruch'
                BEGIN SELECT RAISE(ABORT, 'rolled back by the test'); END
                """)
        }
        var failing = seeds[4]
        failing.title = "Abbruch"
        #expect(throws: ArchiveError.self) {
            _ = try archive.record(feed: "a", articles: [seeds[1], copies[1], failing], at: now.addingTimeInterval(60))
        }
        #expect(try archive.stats().articles == 1)
        _ = try archive.record(feed: "a", articles: [seeds[2]], at: now.addingTimeInterval(120))
        let later = now.addingTimeInterval(600)
        #expect(try archive.nearDuplicate(of: copies[1], at: later) == nil)
        #expect(try archive.nearDuplicate(of: copies[2], at: later) == seeds[2].id)
        #expect(try archive.nearDuplicate(of: copies[0], at: later) == seeds[0].id)
        #expect(archive.nearDuplicateWindow.articleCount == 2)
    }

    /// A lookup reaching far behind the newest article (an import of an old export) is answered by
    /// FTS5 without reading everything since then into memory; a recent one reads the window.
    @Test func aLookupFarBehindTheNewestArticleDoesNotReadTheWindow() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("archive.sqlite")
        let writer = try Archive(path: path, options: Self.options(window: false))
        let seeds = try Seeds.all()
        let copies = try (0..<2).map { try NearDuplicateTests().outletCopy(of: $0) }
        _ = try writer.record(feed: "a", articles: [seeds[0]], at: now)
        _ = try writer.record(feed: "a", articles: [seeds[1]], at: now.addingTimeInterval(30 * 86_400))
        let windowed = try Archive(path: path, options: Self.options(window: true))
        #expect(try windowed.nearDuplicate(of: copies[0], at: now.addingTimeInterval(600)) == seeds[0].id)
        #expect(windowed.nearDuplicateWindow.articleCount == nil)
        #expect(try windowed.nearDuplicate(of: copies[1], at: now.addingTimeInterval(30 * 86_400 + 600)) == seeds[1].id)
        #expect(windowed.nearDuplicateWindow.articleCount == 1)
    }

    @Test func bandKeysReadBackFromTheirTokens() {
        let keys: [Int64] = [0, 1, -1, .max, .min, 0x1234_5678_9abc_def0]
        var parsed: [Int64] = []
        StoryBands.parseTokens(keys.map(StoryBands.token).joined(separator: " "), into: &parsed)
        #expect(parsed == keys)
    }
}

/// The fingerprints are stored: however they are computed, they must stay the values of the plain
/// definitions (a ±1 vote per shingle and bit; the minimum of each salted hash).
@Suite struct FingerprintDefinitionTests {
    @Test func simHashAndBandKeysAreThoseOfTheirDefinitions() throws {
        for article in try Seeds.all() + [Article(title: "Kurz", body: [.paragraph("Zu kurz für Bänder")])] {
            let shingles = Shingles(article: article)
            var weights = [Int](repeating: 0, count: 64)
            var minima = [UInt64](repeating: .max, count: StoryBands.salts.count)
            for hash in shingles.hashes {
                for bit in 0..<64 { weights[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
                for (i, salt) in StoryBands.salts.enumerated() { minima[i] = min(minima[i], Shingles.mix(hash ^ salt)) }
            }
            let value = (0..<64).reduce(UInt64(0)) { $0 | (weights[$1] > 0 ? 1 << UInt64($1) : 0) }
            #expect(SimHash(shingles: shingles).value == value)
            let keys = (0..<StoryBands.bands).map { band in
                var key = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
                for row in 0..<StoryBands.rows { key = Shingles.mix(key ^ minima[band * StoryBands.rows + row]) }
                return Int64(bitPattern: key)
            }
            #expect(StoryBands(shingles: shingles).keys == keys)
        }
    }

    /// The minima come from C (AVX2 on a CPU that has it, 16 salts at a time, the rest in the plain
    /// loop): on random hashes, on values at the edges of the unsigned order, for any number of
    /// hashes and salts, the same as the definition.
    @Test func minimaAreThoseOfTheDefinitionOnAnyInput() throws {
        var random = SeededRandom(seed: 48)
        let edges: [UInt64] = [0, 1, .max, .max - 1, 1 << 63, (1 << 63) - 1, (1 << 63) + 1, 0xffff_ffff, 1 << 32]
        for count in [0, 1, 2, 3, 7, 16, 17, 100, 1_000] {
            var hashes = (0..<count).map { _ in random.next() }
            if count >= edges.count, count % 2 == 0 { hashes.replaceSubrange(0..<edges.count, with: edges) }
            for salts in [StoryBands.salts, Array(StoryBands.salts.prefix(5)), Array(StoryBands.salts.prefix(20)), edges,
                          (0..<33).map { _ in random.next() }] {
                let expected = salts.map { salt in hashes.reduce(UInt64.max) { min($0, Shingles.mix($1 ^ salt)) } }
                var fast = [UInt64](repeating: 7, count: salts.count)
                var plain = [UInt64](repeating: 7, count: salts.count)
                nw_min_hash_minima(hashes, hashes.count, salts, salts.count, &fast)
                nw_min_hash_minima_scalar(hashes, hashes.count, salts, salts.count, &plain)
                #expect(fast == expected, "\(count) hashes, \(salts.count) salts")
                #expect(plain == expected, "\(count) hashes, \(salts.count) salts")
                if salts.count == StoryBands.salts.count, salts == StoryBands.salts {
                    #expect(StoryBands.minima(of: hashes) == expected)
                }
            }
        }
    }
}
