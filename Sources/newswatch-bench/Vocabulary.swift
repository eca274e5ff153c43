/// Words of German and English news, shared by the generated articles and the generated rules so that
/// rules hit articles about as often as real alert rules hit real news (most articles match nothing).
enum Vocabulary {
    static let germanNouns = [
        "Bundesregierung", "Kanzler", "Koalition", "Haushalt", "Inflation", "Zinsen", "Bundestag", "Opposition",
        "Wahlkampf", "Umfrage", "Wirtschaft", "Arbeitsmarkt", "Energiepreise", "Strompreis", "Heizung", "Wärmepumpe",
        "Bahn", "Streik", "Gewerkschaft", "Tarifverhandlungen", "Klimaschutz", "Hochwasser", "Unwetter", "Polizei",
        "Staatsanwaltschaft", "Gericht", "Urteil", "Ermittlungen", "Ukraine", "Russland", "Waffenstillstand",
        "Verhandlungen", "Sanktionen", "Flüchtlinge", "Migration", "Grenze", "Europäische Union", "Kommission",
        "Bundesliga", "Trainer", "Meisterschaft", "Krankenhaus", "Pflege", "Rente", "Bürgergeld", "Steuern",
        "Autoindustrie", "Elektroauto", "Zölle", "Exporte", "Börse", "Dax", "Unternehmen", "Insolvenz", "Stellenabbau",
        "Digitalisierung", "Künstliche Intelligenz", "Datenschutz", "Cyberangriff", "Schule", "Lehrer", "Universität",
    ]
    static let germanVerbs = [
        "kritisiert", "fordert", "beschließt", "warnt vor", "verschiebt", "kündigt an", "lehnt ab", "verteidigt",
        "bestätigt", "dementiert", "plant", "prüft", "verhandelt über", "stimmt zu", "erhöht", "senkt",
    ]
    static let germanFill = [
        "der", "die", "das", "und", "in", "mit", "für", "auf", "nach", "über", "am", "bei", "von", "zum", "nicht",
        "auch", "noch", "wie", "erneut", "deutlich", "bereits", "laut", "Angaben", "zufolge", "am Montag",
        "am Dienstag", "in Berlin", "in München", "in Hamburg", "heute", "weiter", "mehr als", "Prozent", "Millionen",
    ]
    static let englishNouns = [
        "government", "prime minister", "parliament", "election", "poll", "economy", "inflation", "interest rates",
        "central bank", "budget", "tariffs", "trade", "exports", "markets", "shares", "strike", "union", "police",
        "court", "ruling", "investigation", "Ukraine", "Russia", "ceasefire", "talks", "sanctions", "migration",
        "border", "climate", "flooding", "storm", "wildfire", "hospital", "health service", "vaccine", "energy prices",
        "electric vehicles", "artificial intelligence", "data breach", "cyber attack", "schools", "university",
        "Premier League", "manager", "championship", "housing", "rents", "pensions", "taxes", "layoffs",
    ]
    static let englishVerbs = [
        "criticises", "demands", "approves", "warns of", "delays", "announces", "rejects", "defends", "confirms",
        "denies", "plans", "reviews", "negotiates", "agrees to", "raises", "cuts",
    ]
    static let englishFill = [
        "the", "a", "and", "in", "with", "for", "on", "after", "over", "at", "by", "from", "to", "not", "also",
        "again", "sharply", "already", "according to", "officials", "said", "on Monday", "on Tuesday", "in London",
        "in Washington", "today", "further", "more than", "per cent", "million",
    ]
    static let sources = ["tagesschau.de", "spiegel.de", "zeit.de", "faz.net", "bbc.co.uk", "theguardian.com", "reuters.com", "apnews.com"]
    static let sections = ["Politik", "Wirtschaft", "Sport", "Panorama", "World", "Business", "Sport", "UK"]
    static let topics = ["Inland", "Ausland", "Energie", "Klima", "Europe", "Markets", "Technology", "Health"]
}

extension Vocabulary {
    /// Names of people, companies and places: what most real alert rules are about, and rare in any one
    /// article (an article mentions one with a probability of 0.4).
    static let entities: [String] = {
        let first = ["Kron", "Halv", "Mer", "Sand", "Bri", "Tal", "Wester", "Oster", "Lind", "Rau", "Fal", "Gar", "Hel", "Mor", "Vin", "Zel"]
        let second = ["berg", "ström", "ow", "mann", "ton", "hoff", "ridge", "stein", "ford", "ez", "ski", "ani", "well", "dorf", "ley", "sen"]
        return first.flatMap { f in second.map { f + $0 } }
    }()
}
