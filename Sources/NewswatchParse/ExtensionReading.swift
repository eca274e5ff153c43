import Foundation
import NewswatchNormalize

/// Elements any item can carry, RSS or Atom: Dublin Core, Media RSS, `atom:` inside RSS.
enum ExtensionReading {
    static func read(_ child: FeedNode, into entry: inout FeedEntry, base: URL?) {
        let namespace = child.namespace
        let name = child.localName
        if namespace == FeedNamespace.dc {
            switch name {
            case "creator", "contributor": entry.addAuthor(child.trimmedText)
            case "date": if entry.published == nil { entry.published = child.trimmedText }
            case "subject": entry.addCategory(child.trimmedText)
            case "language": entry.language = child.trimmedText
            case "title": if entry.title == nil { entry.title = ItemText.markup(child.text) }
            case "description": if entry.summary == nil { entry.summary = ItemText.html(of: child, base: base) }
            case "identifier": if entry.guid == nil { entry.guid = child.trimmedText }
            default: break
            }
        } else if namespace == FeedNamespace.dcterms {
            switch name {
            case "modified": entry.updated = child.trimmedText
            case "created", "issued": if entry.published == nil { entry.published = child.trimmedText }
            default: break
            }
        } else if FeedNamespace.isMedia(namespace) {
            media(child, into: &entry, base: base)
        } else if namespace == FeedNamespace.itunes {
            // Podcast feeds: iTunes fields stand in where the item has none of its own.
            switch name {
            case "author": if entry.authors.isEmpty { entry.addAuthor(child.trimmedText) }
            case "summary", "subtitle": if entry.summary == nil { entry.summary = .plain(child.text) }
            case "image": entry.notePhoto(url: FeedLink.resolve(child.attribute("href"), against: base))
            default: break
            }
        } else if namespace == FeedNamespace.feedburner, name == "origLink" {
            // FeedBurner's proxy address is in `link`; the article's own is here.
            if let original = FeedLink.resolve(child.trimmedText, against: base) { entry.link = original }
        } else if FeedNamespace.isAtom(namespace) {
            switch name {
            case "link":
                let rel = child.attribute("rel")?.lowercased() ?? "alternate"
                let href = FeedLink.resolve(child.attribute("href"), against: base)
                if rel == "alternate", entry.link == nil { entry.link = href }
                if rel == "enclosure" { entry.addEnclosure(url: href, type: child.attribute("type"), length: child.attribute("length")) }
            case "updated": entry.updated = child.trimmedText
            case "published": if entry.published == nil { entry.published = child.trimmedText }
            case "author": entry.addAuthor(child.elements.first { $0.localName == "name" }?.trimmedText)
            default: break
            }
        }
    }

    /// Media RSS: `media:content` (an enclosure; the photo when it is an image), `media:thumbnail`,
    /// `media:description` and `media:credit` (caption and credit of the photo), `media:group`.
    static func media(_ node: FeedNode, into entry: inout FeedEntry, base: URL?) {
        switch node.localName {
        case "group":
            for child in node.elements where FeedNamespace.isMedia(child.namespace) { media(child, into: &entry, base: base) }
        case "content":
            let url = FeedLink.resolve(node.attribute("url"), against: base)
            let type = node.attribute("type")
            let medium = node.attribute("medium")?.lowercased()
            entry.addEnclosure(url: url, type: type, length: node.attribute("fileSize"))
            let isImage = medium == "image" || type?.lowercased().hasPrefix("image/") == true
                || (medium == nil && type == nil && url.map { $0.lowercased().range(of: #"\.(jpe?g|png|gif|webp|avif)(\?|$)"#, options: .regularExpression) != nil } == true)
            if isImage {
                let caption = node.elements.first { $0.localName == "description" && FeedNamespace.isMedia($0.namespace) }
                let credit = node.elements.first { $0.localName == "credit" && FeedNamespace.isMedia($0.namespace) }
                entry.notePhoto(url: url, caption: caption.flatMap { ItemText.plain($0.text) }, credit: credit?.trimmedText)
            }
            for child in node.elements where FeedNamespace.isMedia(child.namespace) && child.localName == "thumbnail" {
                media(child, into: &entry, base: base)
            }
        case "thumbnail":
            entry.notePhoto(url: FeedLink.resolve(node.attribute("url"), against: base))
        case "description":
            entry.notePhoto(caption: ItemText.plain(node.text))
        case "credit":
            entry.notePhoto(credit: node.trimmedText)
        default:
            break
        }
    }
}
