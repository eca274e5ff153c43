import CXMLDocumentArena

/// The reading of one HTML document (an article page, a feed item's HTML) as a scope for libxml2's
/// allocations (`xml_document_arena.h`): what libxml2 allocates on this thread inside `reading`
/// comes from the thread's slab, freeing it is free, and the slab is taken back whole when the
/// outermost scope ends.
///
/// The promise `body` makes: every libxml2 document or node it creates is freed before it returns,
/// and no pointer into one leaves it. Swift values (Strings, Articles) are not libxml2's and may.
enum XMLDocumentArena {
    static func reading<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        XMLLibrary.initialize()
        nw_xml_document_arena_enter()
        defer { nw_xml_document_arena_leave() }
        return try body()
    }
}
