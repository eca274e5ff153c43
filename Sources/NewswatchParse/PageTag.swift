import CLibXML2

/// The element names the page reader tells apart, read from libxml2's name once per element
/// (`PageTree.tags`): the furniture, scoring and title passes ask every element what it is, and a
/// lower-cased `String` per question with a `Set<String>` lookup cost more than the answer.
/// `PageTag(node) == .div` exactly when `PageTree.name(node) == "div"`.
enum PageTag: UInt8 {
    case other
    case a, p, div, section, article, main, header, footer, aside, nav, menu, form, center
    case ul, ol, dl, dd, dt, li, table, td, th, hr, address, details, blockquote, figure, pre
    case h1, h2, h3, h4, h5, h6
    case html, head, body, title, meta, link, time, button
    // Never article text (`isDropped`), besides `head` and `button`.
    case script, style, noscript, iframe, frame, frameset, template, svg, math, canvas, object, embed
    case select, textarea, input, dialog, map

    init(_ node: xmlNodePtr) {
        self = Self.tagsByName[node.pointee.name] ?? .other
    }

    static let byName: [String: PageTag] = {
        var names: [String: PageTag] = [:]
        var raw: UInt8 = 1
        while let tag = PageTag(rawValue: raw) {
            names["\(tag)"] = tag
            raw += 1
        }
        return names
    }()

    static let tagsByName = ElementNameTable(byName)

    /// Elements whose content is never article text (`PageTree` does not measure them).
    var isDropped: Bool {
        switch self {
        case .script, .style, .noscript, .iframe, .frame, .frameset, .template, .svg, .math, .canvas, .object, .embed,
             .button, .select, .textarea, .input, .dialog, .map, .head:
            return true
        default:
            return false
        }
    }

    /// Block-level elements: a `div` with none inside reads as a paragraph.
    var isBlock: Bool {
        switch self {
        case .p, .div, .section, .article, .main, .header, .footer, .aside, .nav, .ul, .ol, .dl, .table,
             .h1, .h2, .h3, .h4, .h5, .h6, .blockquote, .figure, .pre, .form, .li, .hr, .address, .details:
            return true
        default:
            return false
        }
    }
}
