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

    /// Whether the present scope's slab holds `document` and everything allocated since it was
    /// made, so that leaving the scope frees it all: a document (or a node of it) need not be
    /// walked to be freed. False outside a scope, and once any allocation of the scope went to
    /// malloc (a full slab).
    static func holdsEverything(since document: UnsafeRawPointer) -> Bool {
        nw_xml_document_arena_holds_everything_since(document) == 1
    }
}
