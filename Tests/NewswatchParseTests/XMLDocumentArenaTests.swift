import CXMLDocumentArena
import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// libxml2's document arena (`xml_document_arena.c`). Each test runs on one thread without suspending, so
/// the thread's slab is the test's while it runs. Under AddressSanitizer the arena is off and
/// every block is malloc's: the tests then check that.
@Suite struct XMLDocumentArenaTests {
    static let enabled = nw_xml_document_arena_enabled() == 1

    @Test func blocksComeFromTheSlabInsideAScopeAndFromMallocOutside() {
        let outside = nw_xml_document_arena_malloc(64)!
        #expect(nw_xml_document_arena_owns(outside) == 0)
        nw_xml_document_arena_free(outside)

        #expect(nw_xml_document_arena_enter() == (Self.enabled ? 1 : 0))
        let first = nw_xml_document_arena_malloc(100)!
        let second = nw_xml_document_arena_malloc(1)!
        #expect(nw_xml_document_arena_owns(first) == (Self.enabled ? 1 : 0))
        if Self.enabled {
            #expect(Int(bitPattern: first) % 16 == 0 && Int(bitPattern: second) % 16 == 0)
            #expect(second - first == 112 + 16)  // 100 bytes rounded to 16, and the next block's header
            #expect(nw_xml_document_arena_used_bytes() == 112 + 16 + 16 + 16)
            // Freeing inside the scope costs nothing and gives nothing back before the scope ends.
            nw_xml_document_arena_free(first)
            #expect(nw_xml_document_arena_used_bytes() == 112 + 16 + 16 + 16)
        } else {
            nw_xml_document_arena_free(first)
            nw_xml_document_arena_free(second)
        }
        nw_xml_document_arena_leave()
        #expect(nw_xml_document_arena_used_bytes() == 0)

        // The next page starts at the slab's beginning again.
        nw_xml_document_arena_enter()
        let again = nw_xml_document_arena_malloc(8)!
        if Self.enabled { #expect(again == first) } else { nw_xml_document_arena_free(again) }
        nw_xml_document_arena_leave()
        // A late free of a block from a page already left is recognised and ignored.
        if Self.enabled { nw_xml_document_arena_free(again) }
    }

    /// A document need not be freed node by node while the slab holds all of the scope's blocks;
    /// once one went to malloc, or outside a scope, it must.
    @Test func theSlabHoldsEverythingUntilABlockGoesToMalloc() {
        let outside = nw_xml_document_arena_malloc(32)!
        #expect(!XMLDocumentArena.holdsEverything(since: outside))
        nw_xml_document_arena_free(outside)
        nw_xml_document_arena_enter()
        let document = nw_xml_document_arena_malloc(200)!
        let text = nw_xml_document_arena_strdup("Knoten")!
        #expect(XMLDocumentArena.holdsEverything(since: document) == Self.enabled)
        let huge = nw_xml_document_arena_malloc(Int(NW_XML_DOCUMENT_ARENA_SLAB_BYTES) + 1)!
        #expect(!XMLDocumentArena.holdsEverything(since: document))
        nw_xml_document_arena_free(huge)
        nw_xml_document_arena_leave()
        nw_xml_document_arena_enter()
        let next = nw_xml_document_arena_malloc(8)!
        #expect(XMLDocumentArena.holdsEverything(since: next) == Self.enabled)
        nw_xml_document_arena_leave()
        if !Self.enabled { for block in [document, UnsafeMutableRawPointer(text), next] { nw_xml_document_arena_free(block) } }
    }

    @Test func onlyTheOutermostScopeTakesTheSlabBack() {
        nw_xml_document_arena_enter()
        let outer = nw_xml_document_arena_malloc(40)!
        nw_xml_document_arena_enter()
        let inner = nw_xml_document_arena_malloc(40)!
        nw_xml_document_arena_leave()
        let after = nw_xml_document_arena_malloc(40)!
        if Self.enabled {
            #expect(nw_xml_document_arena_used_bytes() == 3 * (48 + 16))
            #expect(Set([outer, inner, after]).count == 3)
        } else {
            for block in [outer, inner, after] { nw_xml_document_arena_free(block) }
        }
        nw_xml_document_arena_leave()
        #expect(nw_xml_document_arena_used_bytes() == 0)
    }

    @Test func reallocKeepsTheContentAndGrowsTheLastBlockInPlace() {
        nw_xml_document_arena_enter()
        defer { nw_xml_document_arena_leave() }
        let first = nw_xml_document_arena_strdup("Deserteure")!
        let last = nw_xml_document_arena_strdup("Ukraine")!
        let grown = nw_xml_document_arena_realloc(last, 5_000)!.assumingMemoryBound(to: CChar.self)
        #expect(String(cString: grown) == "Ukraine")
        let moved = nw_xml_document_arena_realloc(first, 3_000)!.assumingMemoryBound(to: CChar.self)
        #expect(String(cString: moved) == "Deserteure")
        if Self.enabled {
            #expect(UnsafeMutableRawPointer(grown) == UnsafeMutableRawPointer(last))
            #expect(UnsafeMutableRawPointer(moved) != UnsafeMutableRawPointer(first))
        }
        // A malloc block stays malloc's through realloc, inside a scope too.
        let fromMalloc = strdup("Bundeswehr")!
        let reallocated = nw_xml_document_arena_realloc(fromMalloc, 4_096)!.assumingMemoryBound(to: CChar.self)
        #expect(nw_xml_document_arena_owns(reallocated) == 0)
        #expect(String(cString: reallocated) == "Bundeswehr")
        nw_xml_document_arena_free(reallocated)
        let fresh = nw_xml_document_arena_realloc(nil, 10)!
        #expect(nw_xml_document_arena_owns(fresh) == (Self.enabled ? 1 : 0))
        #expect(nw_xml_document_arena_strdup(nil) == nil)
        if !Self.enabled { for block in [UnsafeMutableRawPointer(grown), UnsafeMutableRawPointer(moved), fresh] { nw_xml_document_arena_free(block) } }
    }

    @Test func aRequestLargerThanTheSlabGoesToMalloc() {
        nw_xml_document_arena_enter()
        defer { nw_xml_document_arena_leave() }
        let huge = nw_xml_document_arena_malloc(Int(NW_XML_DOCUMENT_ARENA_SLAB_BYTES) + 1)!
        #expect(nw_xml_document_arena_owns(huge) == 0)
        nw_xml_document_arena_free(huge)
        // Filling the slab sends the rest to malloc, not off its end.
        var blocks: [UnsafeMutableRawPointer] = []
        var fromMalloc = 0
        for _ in 0..<40 {
            let block = nw_xml_document_arena_malloc(1 << 20)!
            if nw_xml_document_arena_owns(block) == 0 { fromMalloc += 1 }
            blocks.append(block)
        }
        #expect(fromMalloc >= (Self.enabled ? 8 : 40))
        #expect(nw_xml_document_arena_used_bytes() <= Int(NW_XML_DOCUMENT_ARENA_SLAB_BYTES))
        for block in blocks { nw_xml_document_arena_free(block) }
    }

    /// Random allocations, reallocations and frees, each block filled with its own byte: no block
    /// overlaps another or loses its content.
    @Test func blocksNeverOverlap() {
        var random = SeededRandom(seed: 0xA2E7A)
        nw_xml_document_arena_enter()
        defer { nw_xml_document_arena_leave() }
        var live: [(block: UnsafeMutablePointer<UInt8>, size: Int, fill: UInt8)] = []
        for step in 0..<20_000 {
            let choice = Int.random(in: 0..<10, using: &random)
            if live.isEmpty || choice < 5 {
                let size = Int.random(in: 0...(choice == 0 ? 20_000 : 300), using: &random)
                let block = nw_xml_document_arena_malloc(size)!.assumingMemoryBound(to: UInt8.self)
                let fill = UInt8(truncatingIfNeeded: step)
                block.initialize(repeating: fill, count: size)
                live.append((block, size, fill))
            } else {
                let index = Int.random(in: 0..<live.count, using: &random)
                let entry = live[index]
                #expect((0..<entry.size).allSatisfy { entry.block[$0] == entry.fill })
                if choice < 8 {
                    let size = Int.random(in: 1...600, using: &random)  // realloc(p, 0) may free p and answer nil
                    let block = nw_xml_document_arena_realloc(entry.block, size)!.assumingMemoryBound(to: UInt8.self)
                    #expect((0..<min(size, entry.size)).allSatisfy { block[$0] == entry.fill })
                    block.initialize(repeating: entry.fill, count: size)
                    live[index] = (block, size, entry.fill)
                } else {
                    nw_xml_document_arena_free(entry.block)
                    live.remove(at: index)
                }
            }
        }
        for entry in live {
            #expect((0..<entry.size).allSatisfy { entry.block[$0] == entry.fill })
            nw_xml_document_arena_free(entry.block)
        }
    }

    /// 32 slabs serve threads that exit and give theirs back: more threads than slabs, one after
    /// another, each get one; two threads at once get different ones.
    @Test func threadsThatEndGiveTheirSlabsBack() {
        let served = LockedCounter()
        for _ in 0..<48 {
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                if nw_xml_document_arena_enter() == 1, let block = nw_xml_document_arena_malloc(32), nw_xml_document_arena_owns(block) == 1 {
                    served.add()
                }
                nw_xml_document_arena_leave()
                done.signal()
            }
            thread.start()
            done.wait()
            // The slab goes back when the thread has exited, just after the signal: give it time.
            while !thread.isFinished { usleep(100) }
            usleep(2_000)
        }
        #expect(served.value == (Self.enabled ? 48 : 0))

        let both = DispatchGroup()
        let addresses = LockedAddresses()
        for _ in 0..<2 {
            both.enter()
            Thread {
                nw_xml_document_arena_enter()
                let block = nw_xml_document_arena_malloc(16)
                addresses.add(Int(bitPattern: block))
                Thread.sleep(forTimeInterval: 0.05)
                nw_xml_document_arena_free(block)
                nw_xml_document_arena_leave()
                both.leave()
            }.start()
        }
        both.wait()
        let seen = addresses.all
        #expect(seen.count == 2)
        if Self.enabled, seen.count == 2 {
            #expect(abs(seen[0] - seen[1]) >= Int(NW_XML_DOCUMENT_ARENA_SLAB_BYTES))
        }
    }

    /// The extractor reads its pages in the arena; reading the same pages again, on memory the
    /// earlier pages used, gives the same Articles.
    @Test func pagesReadOnReusedSlabMemoryGiveTheSameArticles() throws {
        XMLLibrary.initialize()
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Pages")
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count >= 10)
        let extractor = ArticlePageExtractor()
        let fetched = Date(timeIntervalSince1970: 1_764_000_000)
        func readAll() throws -> [String] {
            try pages.map { name in
                let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
                do {
                    let article = try extractor.extract(bytes: bytes, fetched: fetched)
                    return "\(name) \(article)"
                } catch {
                    return "\(name) \(error)"
                }
            }
        }
        let first = try readAll()
        let second = try readAll()
        #expect(first == second)
        var used = 0
        XMLDocumentArena.reading {
            _ = try? extractor.extract(bytes: Array("<html><body><h1>T</h1><p>x</p></body></html>".utf8), fetched: fetched)
            used = nw_xml_document_arena_used_bytes()
        }
        #expect((used > 0) == Self.enabled)
    }
}

private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

private final class LockedAddresses: @unchecked Sendable {
    private let lock = NSLock()
    private var addresses: [Int] = []
    func add(_ address: Int) { lock.withLock { addresses.append(address) } }
    var all: [Int] { lock.withLock { addresses } }
}
