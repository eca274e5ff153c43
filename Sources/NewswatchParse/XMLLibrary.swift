import CLibXML2
import CXMLDocumentArena

/// libxml2's process-wide state.
public enum XMLLibrary {
    /// Initialises libxml2's global tables and gives it newswatch's allocator (`XMLDocumentArena`).
    /// Call once at start-up, before any thread that parses exists: `xmlInitParser` is not
    /// thread-safe against concurrent first use.
    public static func initialize() {
        _ = prepared
    }

    /// The allocator is set before `xmlInitParser`, and both before any document scope: the global
    /// tables `xmlInitParser` allocates must be malloc's, never a slab's.
    static let prepared: Void = {
        if nw_xml_document_arena_enabled() == 1 {
            xmlMemSetup(nw_xml_document_arena_free, nw_xml_document_arena_malloc, nw_xml_document_arena_realloc,
                        nw_xml_document_arena_strdup)
        }
        xmlInitParser()
    }()

    /// The libxml2 version linked at run time, such as `20914`.
    public static var version: Int {
        guard let text = nw_xml_parser_version() else { return 0 }
        return Int(String(cString: text)) ?? 0
    }
}
