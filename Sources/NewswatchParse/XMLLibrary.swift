import CLibXML2

/// libxml2's process-wide state.
public enum XMLLibrary {
    /// Initialises libxml2's global tables. Call once at start-up, before any thread that parses
    /// exists: `xmlInitParser` is not thread-safe against concurrent first use.
    public static func initialize() {
        xmlInitParser()
    }

    /// The libxml2 version linked at run time, such as `20914`.
    public static var version: Int {
        guard let text = nw_xml_parser_version() else { return 0 }
        return Int(String(cString: text)) ?? 0
    }
}
