import NewswatchTestSupport

/// Alert rules as people write them: mostly one or two names or terms, some phrases, prefix and suffix
/// wildcards, field scopes, OR groups, exclusions and NEAR.
struct RuleGenerator {
    private var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    private mutating func word() -> String {
        let pool = random.chance(0.5) ? Vocabulary.germanNouns : Vocabulary.englishNouns
        if random.chance(0.7) { return random.pick(Vocabulary.entities) }
        let noun = random.pick(pool)
        return noun.contains(" ") ? "\"\(noun)\"" : noun
    }

    private mutating func singleWord() -> String {
        while true {
            let candidate = random.pick(random.chance(0.5) ? Vocabulary.germanNouns : Vocabulary.englishNouns)
            if !candidate.contains(" "), candidate.count >= 5 { return candidate }
        }
    }

    mutating func next() -> String {
        switch random.next() % 10 {
        case 0: return word()
        case 1: return "\(word()) \(word())"
        case 2: return "\(word()) OR \(word()) OR \(word())"
        case 3: return "\(String(singleWord().prefix(5)))*"
        case 4: return "*\(String(singleWord().suffix(5)))"
        case 5: return "title:\(word()) AND \(word())"
        case 6: return "(\(word()) OR \(word())) NOT \(word())"
        case 7: return "\(word()) NEAR/5 \(word())"
        case 8: return "source:\(random.pick(Vocabulary.sources)) AND \(word())"
        default: return "\"\(random.pick(Vocabulary.entities)) \(random.pick(Vocabulary.englishVerbs).split(separator: " ")[0])\""
        }
    }
}
