import Foundation
import NewswatchNormalize
import NewswatchTestSupport

/// Deterministic news articles, half German, half English, of realistic feed-item size: a headline,
/// a teaser of one or two sentences and a body of three to eight paragraphs.
struct ArticleGenerator {
    private var random: SeededRandom
    private var serial = 0

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// A sentence about `nouns`: an article is about a handful of things, not the whole vocabulary.
    mutating func sentence(german: Bool, nouns: [String]) -> String {
        let verbs = german ? Vocabulary.germanVerbs : Vocabulary.englishVerbs
        let fill = german ? Vocabulary.germanFill : Vocabulary.englishFill
        var words = [random.pick(nouns), random.pick(verbs)]
        for _ in 0..<(6 + Int(random.next() % 14)) {
            if random.chance(0.01) {
                words.append(random.pick(Vocabulary.entities))
            } else {
                words.append(random.chance(0.3) ? random.pick(nouns) : random.pick(fill))
            }
        }
        let text = words.joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }

    mutating func next(fetched: Date) -> Article {
        serial += 1
        let german = serial % 2 == 0
        let nouns = german ? Vocabulary.germanNouns : Vocabulary.englishNouns
        let verbs = german ? Vocabulary.germanVerbs : Vocabulary.englishVerbs
        let topic = (0..<5).map { _ in random.pick(nouns) }
        let title = "\(random.pick(topic)) \(random.pick(verbs)) \(random.pick(topic)) (\(serial))"
        let teaser = (0..<(1 + Int(random.next() % 2))).map { _ in sentence(german: german, nouns: topic) }.joined(separator: " ")
        let body: [ArticleBlock] = (0..<(3 + Int(random.next() % 6))).map { _ in
            .paragraph((0..<(2 + Int(random.next() % 3))).map { _ in sentence(german: german, nouns: topic) }.joined(separator: " "))
        }
        let source = random.pick(Vocabulary.sources)
        return Article(
            title: title, teaser: teaser, body: body,
            url: "https://\(source)/artikel/\(serial)", guid: "urn:bench:\(serial)", source: source,
            section: random.pick(Vocabulary.sections), authors: random.chance(0.5) ? ["Anna Berger"] : [],
            topics: [random.pick(Vocabulary.topics)], language: german ? "de" : "en",
            published: fetched.addingTimeInterval(-Double(random.next() % 7200)), fetched: fetched)
    }
}
