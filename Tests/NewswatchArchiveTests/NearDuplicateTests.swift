import Foundation
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

@Suite struct NearDuplicateTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    /// Another outlet's copy of seed `index`: the last sentence of its second paragraph reworded, a
    /// furniture line the filter does not know, its own URL and guid.
    func outletCopy(of index: Int) throws -> Article {
        let seed = try Seeds.article(index)
        var copy = seed
        var paragraphs = 0
        copy.body = seed.body.map { block in
            guard case .paragraph(let text) = block else { return block }
            paragraphs += 1
            guard paragraphs == 2 else { return block }
            var sentences = text.components(separatedBy: ". ")
            sentences[sentences.count - 1] = "Das berichtete am Montag auch die Deutsche Presse-Agentur unter Berufung auf Regierungskreise."
            return .paragraph(sentences.joined(separator: ". "))
        }
        copy.body.append(.paragraph("Jetzt den Newsletter von Beispiel-Online abonnieren!"))
        copy.url = "https://www.beispiel-online.de/ticker/\(index)"
        copy.guid = "beispiel-\(index)"
        return copy
    }

    @Test func aSeedWithAChangedParagraphAndFurnitureIsTheSameStory() throws {
        for index in 0..<5 {
            let seed = try Seeds.article(index)
            let copy = try outletCopy(of: index)
            #expect(copy.id != seed.id)
            let distance = SimHash(article: seed).distance(to: SimHash(article: copy))
            #expect(distance <= ArchiveOptions().nearDuplicateDistance, "seed \(index): \(distance) bits")
            let shared = Set(StoryBands(shingles: Shingles(article: seed)).keys)
                .intersection(StoryBands(shingles: Shingles(article: copy)).keys)
            #expect(!shared.isEmpty, "seed \(index): no shared band")

            let dir = try TemporaryDirectory()
            let archive = try dir.archive()
            let first = try archive.record(feed: "news.de", articles: [seed], at: now)
            let second = try archive.record(feed: "beispiel", articles: [copy], at: now.addingTimeInterval(1800))
            #expect(second[0].kind == .nearDuplicate(of: seed.id), "seed \(index)")
            #expect(!second[0].isNewStory)
            #expect(!second[0].isUpdate)
            #expect(second[0].story == first[0].story)
            #expect(try archive.article(id: copy.id)?.entry == .nearDuplicate)
        }
    }

    @Test func differentSeedsAreDifferentStories() throws {
        let seeds = try Seeds.all()
        for i in 0..<5 {
            for j in (i + 1)..<5 {
                let distance = SimHash(article: seeds[i]).distance(to: SimHash(article: seeds[j]))
                #expect(distance > ArchiveOptions().nearDuplicateDistance, "seeds \(i) and \(j): \(distance) bits")
                let shared = Set(StoryBands(shingles: Shingles(article: seeds[i])).keys)
                    .intersection(StoryBands(shingles: Shingles(article: seeds[j])).keys)
                #expect(shared.isEmpty, "seeds \(i) and \(j) share a band")
            }
        }
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let outcomes = try archive.record(feed: "news.de", articles: seeds, at: now)
        let allNew = outcomes.allSatisfy { $0.isNewStory }
        #expect(allNew)
        #expect(Set(outcomes.compactMap(\.story)).count == 5)
    }

    @Test func shortTitleOnlyItemsAreNotMergedIntoStories() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let a = Article(title: "Putin droht dem Westen nach dem Treffen in Moskau mit neuen Raketen", url: "https://example.org/a")
        let b = Article(title: "Putin droht dem Westen nach dem Treffen in Moskau mit neuen Sanktionen", url: "https://example.org/b")
        let outcomes = try archive.record(feed: "ticker", articles: [a, b], at: now)
        #expect(outcomes.map(\.kind) == [.new, .new])
    }

    @Test func articlesOutsideTheWindowAreNotMatched() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive(ArchiveOptions(nearDuplicateWindow: 86_400))
        _ = try archive.record(feed: "news.de", articles: [try Seeds.article(2)], at: now)
        let late = try archive.record(feed: "beispiel", articles: [try outletCopy(of: 2)], at: now.addingTimeInterval(2 * 86_400))
        #expect(late[0].kind == .new)
    }

    @Test func fingerprintsAreStableAcrossProcesses() {
        // Stored fingerprints must mean the same in every process and every build: fixed inputs,
        // fixed values (a per-process seeded hash would fail here).
        #expect(SimHash(canonicalText: "Putin laufen die Soldaten davon").description == "4911f12031e78658")
        #expect(SimHash(canonicalText: "Putin laufen die Soldaten davon") == SimHash(canonicalText: "putin LAUFEN die soldaten davon"))
        #expect(SimHash(canonicalText: "").value == 0)
        #expect(StoryBands(shingles: Shingles(canonicalText: "Putin laufen die Soldaten davon")).keys.first == 3_076_782_551_156_788_600)
    }
}

