import Foundation
import Testing

@Suite struct ParseCommandTests {
    func seed(_ prefix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: NewswatchBinary.repository.appendingPathComponent("seeds").path)
        return "seeds/" + names.first { $0.hasPrefix(prefix) && $0.hasSuffix(".txt") }!
    }

    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    @Test func printsSeed003AsTheModelDocument() throws {
        let outcome = try NewswatchBinary.run(["parse", "--json", try seed("003")])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let document = try json(outcome.stdout)
        #expect((document["feed"] as? [String: Any])?["format"] as? String == "text")
        let articles = document["articles"] as! [[String: Any]]
        #expect(articles.count == 1)
        let article = articles[0]
        #expect(article["kicker"] as? String == "Wladimir Putin")
        #expect((article["highlights"] as? [String])?.count == 3)
        #expect(article["authors"] as? [String] == ["bua"])
        #expect(article["agencies"] as? [String] == ["dpa"])
        let related = article["related"] as? [[String: Any]]
        #expect(related?.map { $0["title"] as? String } == ["Assad-Sturz stellt Wladimir Putin vor unerwartete Probleme"])
        let lists = (article["body"] as! [[String: Any]]).filter { $0["type"] as? String == "list" }
        #expect(lists.count == 1)
        #expect((lists.first?["items"] as? [String])?.count == 4)
        for furniture in ["Folgen Sie", "Erfahren Sie", "Erstellt von", "(Foto) Suche", "Ebenfalls interessant", "/bua/news.de"] {
            #expect(!outcome.stdout.contains(furniture), "furniture in output: \(furniture)")
        }
    }

    @Test(arguments: ["000", "001", "002", "003", "004"])
    func textFormReadsBackToTheSameID(_ prefix: String) throws {
        let original = try NewswatchBinary.run(["parse", "--json", try seed(prefix)])
        let text = try NewswatchBinary.run(["parse", "--text", try seed(prefix)])
        #expect(text.status == 0)
        let again = try NewswatchBinary.run(["parse", "--json", "-"], stdin: Data(text.stdout.utf8))
        #expect(again.status == 0, "\(again.stderr)")
        let id = { (text: String) throws -> String? in
            ((try self.json(text)["articles"] as? [[String: Any]])?.first?["id"] as? String)
        }
        #expect(try id(original.stdout) != nil)
        #expect(try id(again.stdout) == id(original.stdout))
    }

    func expectFailure(_ arguments: [String], stdin: Data? = nil, mentions fragments: [String]) throws {
        let outcome = try NewswatchBinary.run(arguments, stdin: stdin)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line on stderr, got: \(outcome.stderr)")
        for fragment in fragments {
            #expect(outcome.stderr.contains(fragment), "stderr lacks \"\(fragment)\": \(outcome.stderr)")
        }
    }

    @Test func aMissingFile() throws {
        try expectFailure(["parse", "/nonexistent/article.txt"], mentions: ["/nonexistent/article.txt", "no such file"])
    }

    @Test func aDirectory() throws {
        let scratch = try ScratchDirectory()
        try expectFailure(["parse", scratch.url.path], mentions: [scratch.url.path, "is a directory"])
    }

    @Test func anEmptyFileAndEmptyInput() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.file("empty.txt", [])
        try expectFailure(["parse", path], mentions: [path, "is empty"])
        let blank = try scratch.file("blank.txt", Array(" \n\n\t\n".utf8))
        try expectFailure(["parse", blank], mentions: [blank, "is empty"])
        try expectFailure(["parse", "-"], stdin: Data(), mentions: ["standard input", "is empty"])
    }

    @Test func bytesThatAreNotUTF8Text() throws {
        let scratch = try ScratchDirectory()
        let latin1 = try scratch.file("latin1.txt", Array("Schock f".utf8) + [0xFC, 0x72] + Array(" Putin\n".utf8))
        try expectFailure(["parse", latin1], mentions: [latin1, "not UTF-8", "byte 8"])
        let binary = try scratch.file("image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])
        try expectFailure(["parse", binary], mentions: [binary, "binary"])
    }

    @Test func aTwoGigabyteFileIsRefusedBeforeItIsRead() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.url.appendingPathComponent("huge.txt").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("Titel\n".utf8)))
        #expect(truncate(path, 2 * 1_073_741_824) == 0)
        try expectFailure(["parse", path], mentions: [path, "2 GiB", "limit"])
    }

    @Test func readsStandardInput() throws {
        let outcome = try NewswatchBinary.run(
            ["parse", "--text", "-"], stdin: Data("Politik\n\nTitel: Eine Meldung aus Berlin\n\nEin Absatz.\n".utf8))
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "Politik\n\nTitel: Eine Meldung aus Berlin\n\nEin Absatz.\n")
    }

    @Test func helpSaysWhatEachCommandDoes() throws {
        let root = try NewswatchBinary.run(["--help"])
        #expect(root.status == 0)
        #expect(root.stdout.contains("parse"))
        #expect(root.stdout.contains("Watch news feeds"))
        let parse = try NewswatchBinary.run(["parse", "--help"])
        #expect(parse.status == 0)
        #expect(parse.stdout.contains("SOURCE is a file path, or - for standard input"))
        #expect(parse.stdout.contains("--text"))
    }
}
