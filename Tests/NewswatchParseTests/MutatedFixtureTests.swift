import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// Bad input gives a typed error or a document, never a crash: every fixture, cut short at many
/// points and with bytes overwritten (a fixed pseudo-random sequence, so a failure repeats).
@Suite struct MutatedFixtureTests {
    static let interesting: [UInt8] = Array("<>&;/\"'[]!?-=#x\u{0}\n".utf8) + [0xC3, 0xFC, 0xFF, 0xFE, 0x80]

    @Test(arguments: FixtureCorpusTests.names)
    func mutationsNeverCrash(_ name: String) throws {
        let original = [UInt8](try Data(contentsOf: FixtureCorpusTests.directory.appendingPathComponent(name)))
        guard original.count < 200_000 else { return }
        var random = SeededRandom(seed: UInt64(truncatingIfNeeded: name.utf8.reduce(5381) { ($0 << 5) &+ $0 &+ Int($1) }))
        var documents = 0
        // NEWSWATCH_FUZZ_ROUNDS raises the count for a longer search by hand.
        let rounds = ProcessInfo.processInfo.environment["NEWSWATCH_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 12
        for round in 0..<rounds {
            var bytes = original
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int(random.next() % UInt64(max(bytes.count, 1)))))
            } else {
                for _ in 0..<(1 + round % 16) where !bytes.isEmpty {
                    let at = Int(random.next() % UInt64(bytes.count))
                    bytes[at] = Self.interesting[Int(random.next() % UInt64(Self.interesting.count))]
                }
            }
            do {
                let document = try DocumentParser().parse(bytes)
                documents += 1
                for article in document.articles {
                    #expect(article.id.hex.count == 64)
                }
            } catch is DocumentError {
                // A typed refusal is a correct answer to a damaged document.
            }
        }
        _ = documents
    }
}
