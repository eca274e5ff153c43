import Testing
@testable import NewswatchConfig

extension TOMLNode {
    var string: String? { if case .string(let s) = value { return s } else { return nil } }
    var integer: Int64? { if case .integer(let i) = value { return i } else { return nil } }
    var float: Double? { if case .float(let f) = value { return f } else { return nil } }
    var bool: Bool? { if case .boolean(let b) = value { return b } else { return nil } }
    var table: TOMLTable? { if case .table(let t) = value { return t } else { return nil } }
    var array: [TOMLNode]? { if case .array(let a) = value { return a } else { return nil } }
}

@Suite struct TOMLParserTests {
    @Test func readsScalarsWithPositions() throws {
        let table = try TOMLParser.parse("""
            # comment
            name = "news.de"   # trailing comment
            count = 1_000
            hex = 0xff
            neg = -17
            pi = 3.14
            exp = 1e3
            on = true
            when = 2024-12-09T14:05:00Z
            day = 2024-12-09
            local = 2024-12-09 14:05:00
            lit = 'C:\\path\\no\\escape'
            esc = "tab\\there \\u00fc \\"q\\""
            """)
        #expect(table["name"]?.string == "news.de")
        #expect(table["name"]?.position == SourcePosition(line: 2, column: 8))
        #expect(table.entry("name")?.keyPosition == SourcePosition(line: 2, column: 1))
        #expect(table["count"]?.integer == 1000)
        #expect(table["hex"]?.integer == 255)
        #expect(table["neg"]?.integer == -17)
        #expect(table["pi"]?.float == 3.14)
        #expect(table["exp"]?.float == 1000)
        #expect(table["on"]?.bool == true)
        #expect(table["lit"]?.string == #"C:\path\no\escape"#)
        #expect(table["esc"]?.string == "tab\there ü \"q\"")
        if case .datetime(let text)? = table["when"]?.value { #expect(text == "2024-12-09T14:05:00Z") } else { Issue.record("when") }
        if case .datetime? = table["day"]?.value {} else { Issue.record("day") }
        if case .datetime(let text)? = table["local"]?.value { #expect(text == "2024-12-09 14:05:00") } else { Issue.record("local") }
    }

    @Test func readsTablesArraysOfTablesAndInlineTables() throws {
        let table = try TOMLParser.parse("""
            include = ["feeds.d/*.toml", 'other/*.toml',]

            [daemon]
            per_host = 2
            a.b.c = 1

            [[feed]]
            name = "one"
            headers = { "X-Token" = "abc", Accept = "application/rss+xml" }

            [[feed]]
            name = "two"
            tags = [
              "de",  # German
              "politik",
            ]
            """)
        #expect(table["include"]?.array?.compactMap(\.string) == ["feeds.d/*.toml", "other/*.toml"])
        #expect(table["daemon"]?.table?["per_host"]?.integer == 2)
        #expect(table["daemon"]?.table?["a"]?.table?["b"]?.table?["c"]?.integer == 1)
        let feeds = table["feed"]?.array?.compactMap(\.table) ?? []
        #expect(feeds.map { $0["name"]?.string } == ["one", "two"])
        #expect(feeds[0]["headers"]?.table?["X-Token"]?.string == "abc")
        #expect(feeds[1]["tags"]?.array?.compactMap(\.string) == ["de", "politik"])
        #expect(table["feed"]?.array?[1].position.line == 11)
    }

    @Test func readsMultilineStrings() throws {
        let table = try TOMLParser.parse("""
            a = \"\"\"
            line one
            line two\"\"\"
            b = \"\"\"\\
                folded \\
                text\"\"\"
            c = '''
            raw \\n text'''
            """)
        #expect(table["a"]?.string == "line one\nline two")
        #expect(table["b"]?.string == "folded text")
        #expect(table["c"]?.string == "raw \\n text")
    }

    @Test(arguments: [
        ("a = 1\na = 2", 2, "duplicate key a"),
        ("[x]\n[x]", 2, "defined twice"),
        ("a = \"open", 1, "unterminated string"),
        ("a = hello", 1, "not a TOML value"),
        ("a = 1 b = 2", 1, "expected the end of the line"),
        ("a = [1, 2", 1, "expected ',' or ']'"),
        ("a = { b = 1,\n c = 2 }", 1, "inline table"),
        ("= 1", 1, "expected a key"),
        ("a = 01", 1, "not a TOML value"),
        ("a = \"\\x\"", 1, "invalid escape"),
        ("[a]\nb = 1\n[a.b]", 3, "clashes"),
        ("x = 1\n\n  y 2", 3, "expected '='"),
    ])
    func refusesBadTOMLWithItsLine(text: String, line: Int, fragment: String) {
        do {
            _ = try TOMLParser.parse(text)
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.position.line == line, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        }
    }

    @Test func survivesDeepNestingAndGarbage() {
        let deep = "a = " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect((try? TOMLParser.parse(deep)) != nil)
        for garbage in ["\u{0}", "[", "[[", "a.", "a = {", "'''", "\"\"\"", "a = 1979-05-27T", "a = +", "\u{FEFF}a=1"] {
            _ = try? TOMLParser.parse(garbage)
        }
    }
}
