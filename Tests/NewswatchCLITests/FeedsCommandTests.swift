import Foundation
import NewswatchConfig
import Testing

/// `newswatch feeds import` / `export`, run as the real binary on real files.
@Suite struct FeedsCommandTests {
    static let nested = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0">
          <head><title>My subscriptions</title></head>
          <body>
            <outline text="News">
              <outline text="Germany">
                <outline type="rss" text="tagesschau" title="Tagesschau &amp; Co" xmlUrl="https://www.tagesschau.de/xml/rss2/" htmlUrl="https://www.tagesschau.de/" category="/Politik,/Welt/Europa"/>
                <outline type="rss" text="Already there" xmlUrl="HTTPS://Known.example/feed/"/>
              </outline>
              <outline type="rss" title="Say &quot;hi&quot; \\ back" xmlurl="https://quotes.example/rss"/>
            </outline>
            <outline type="rss" text="Duplicate" xmlUrl="https://one.example/rss"/>
            <outline type="rss" text="Duplicate" xmlUrl="https://two.example/rss"/>
            <outline type="rss" text="Taken" xmlUrl="https://taken.example/rss"/>
            <outline type="rss" text="Local" xmlUrl="file:///etc/passwd"/>
          </body>
        </opml>
        """

    static let baseConfig = """
        include = ["feeds.d/*.toml"]

        [[feed]]
        name = "Known"
        url = "https://known.example/feed"

        [[feed]]
        name = "Taken"
        url = "https://other.example/rss"

        """

    @Test func importWritesNewFeedsBesideTheConfig() throws {
        let dir = try ScratchDirectory()
        let config = try dir.file("newswatch.toml", Array(Self.baseConfig.utf8))
        let opml = try dir.file("subs.opml", Array(Self.nested.utf8))
        let result = try NewswatchBinary.run(["feeds", "import", opml, "--config", config])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("7 feeds read, added 4 to"), "\(result.stdout)")
        #expect(result.stdout.contains("3 skipped"))
        #expect(result.stdout.contains("skipped HTTPS://Known.example/feed/: already in the config as \"Known\""))
        #expect(result.stdout.contains("skipped https://taken.example/rss: a feed named \"Taken\" is already in the config"))
        #expect(result.stdout.contains("skipped file:///etc/passwd: not an http or https URL"))
        #expect(!result.stdout.contains("note:"))

        let loaded = try ConfigurationLoader().load(path: config)
        let imported = loaded.feeds.filter { $0.origin.contains("opml-import.toml") }
        #expect(imported.map(\.name) == ["Tagesschau & Co", "Say \"hi\" \\ back", "Duplicate", "Duplicate (2)"])
        #expect(imported.map(\.location) == [
            .url("https://www.tagesschau.de/xml/rss2/"), .url("https://quotes.example/rss"),
            .url("https://one.example/rss"), .url("https://two.example/rss"),
        ])
        #expect(imported[0].tags == ["News", "Germany", "Politik", "Welt/Europa"])
        #expect(imported[1].tags == ["News"])
        let written = try String(contentsOfFile: dir.url.appendingPathComponent("feeds.d/opml-import.toml").path, encoding: .utf8)
        #expect(written.contains("# site: https://www.tagesschau.de/"))

        // Importing again adds nothing: every feed is in the config now.
        let again = try NewswatchBinary.run(["feeds", "import", opml, "--config", config])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("added 0"))
        #expect(try ConfigurationLoader().load(path: config).feeds.count == 6)
    }

    @Test func aConfigWithoutTheIncludeIsToldTheExactLine() throws {
        let dir = try ScratchDirectory()
        let config = try dir.file("newswatch.toml", Array("[[feed]]\nname = \"Known\"\nurl = \"https://known.example/feed\"\n".utf8))
        let opml = try dir.file("subs.opml", Array(Self.nested.utf8))
        let result = try NewswatchBinary.run(["feeds", "import", opml, "--config", config])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("does not include feeds.d/*.toml"))
        #expect(result.stdout.contains("\ninclude = [\"feeds.d/*.toml\"]\n"))
        // Written anyway, and a second import does not write the same feeds twice.
        let again = try NewswatchBinary.run(["feeds", "import", opml, "--config", config])
        #expect(again.stdout.contains("added 0"), "\(again.stdout)")
        let feedFile = dir.url.appendingPathComponent("feeds.d/opml-import.toml").path
        #expect(try ConfigurationLoader().load(path: feedFile).feeds.count == 5)
    }

    @Test func dryRunWritesNothing() throws {
        let dir = try ScratchDirectory()
        let config = try dir.file("newswatch.toml", Array(Self.baseConfig.utf8))
        let opml = try dir.file("subs.opml", Array(Self.nested.utf8))
        let result = try NewswatchBinary.run(["feeds", "import", opml, "--config", config, "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("would add 4"))
        #expect(result.stdout.contains("[[feed]]\nname = \"Tagesschau & Co\""))
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("feeds.d").path))
    }

    @Test func aFileThatIsNotOPMLIsRefusedInOneLine() throws {
        let dir = try ScratchDirectory()
        let config = try dir.file("newswatch.toml", Array(Self.baseConfig.utf8))
        let rss = try dir.file("feed.xml", Array("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>".utf8))
        let refused = try NewswatchBinary.run(["feeds", "import", rss, "--config", config])
        #expect(refused.status == 1)
        #expect(refused.stderr == "newswatch: \(rss): is not OPML: the document is <rss>, an OPML file is <opml>\n")

        let text = try dir.file("notes.txt", Array("just some notes\n".utf8))
        let broken = try NewswatchBinary.run(["feeds", "import", text, "--config", config])
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("newswatch: \(text): is not OPML: not well-formed XML (line 1"))
        #expect(broken.stderr.split(separator: "\n").count == 1)

        let laughs = try dir.file("laughs.opml", Array("""
            <?xml version="1.0"?>
            <!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>
            """.utf8))
        let entities = try NewswatchBinary.run(["feeds", "import", laughs, "--config", config])
        #expect(entities.status == 1)
        #expect(entities.stderr.contains("declares XML entities"))
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("feeds.d").path))
    }

    @Test func exportThenImportIntoAnEmptyConfigGivesTheSameFeeds() throws {
        let dir = try ScratchDirectory()
        let config = try dir.file("newswatch.toml", Array("""
            [[feed]]
            name = "Tagesschau & <Co> \\"quoted\\""
            url = "https://www.tagesschau.de/xml/rss2/?a=1&b=2"
            tags = ["politik", "welt/europa", "Ümlaut"]

            [[feed]]
            name = "Back\\\\slash\\ttab"
            url = "http://example.org/feed.xml"

            [[feed]]
            name = "Local"
            path = "seed.rss"

            """.utf8))
        let exported = try NewswatchBinary.run(["feeds", "export", "--config", config])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">"))
        #expect(exported.stdout.contains("xmlUrl=\"https://www.tagesschau.de/xml/rss2/?a=1&amp;b=2\""))
        #expect(exported.stdout.contains("category=\"politik,welt/europa,Ümlaut\""))
        #expect(exported.stderr.contains("left out 1 local feed (no URL): Local"))
        // libxml2 itself must accept the document.
        let opml = try dir.file("out.opml", Array(exported.stdout.utf8))

        let other = try ScratchDirectory()
        let empty = try other.file("newswatch.toml", Array("include = [\"feeds.d/*.toml\"]\n".utf8))
        let imported = try NewswatchBinary.run(["feeds", "import", opml, "--config", empty])
        #expect(imported.status == 0, "\(imported.stderr)")
        let original = try ConfigurationLoader().load(path: config).feeds.filter { $0.name != "Local" }
        let copy = try ConfigurationLoader().load(path: empty).feeds
        #expect(copy.map(\.name) == original.map(\.name))
        #expect(copy.map(\.location) == original.map(\.location))
        #expect(copy.map(\.tags) == original.map(\.tags))
    }
}
