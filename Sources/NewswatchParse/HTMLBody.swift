import Foundation
import NewswatchNormalize

/// What a piece of article HTML says, as the model's parts: blocks and photos in reading order, and
/// the targets of its links by their text (for `FurnitureFilter.clean(_:linkTargets:)`).
public struct HTMLBody: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case block(ArticleBlock)
        case image(ArticleImage)
    }

    public var parts: [Part] = []
    /// Absolute link target by the link's text, white space folded.
    public var linkTargets: [String: String] = [:]

    public init(parts: [Part] = [], linkTargets: [String: String] = [:]) {
        self.parts = parts
        self.linkTargets = linkTargets
    }

    public var blocks: [ArticleBlock] {
        parts.compactMap { if case .block(let block) = $0 { return block } else { return nil } }
    }

    public var images: [ArticleImage] {
        parts.compactMap { if case .image(let image) = $0 { return image } else { return nil } }
    }

    /// All text as one line: for titles and other fields that hold text only.
    public var text: String {
        TextFolding.collapsingWhitespace(blocks.flatMap(\.lines).joined(separator: " "))
    }

    public var isEmpty: Bool { parts.isEmpty }
}
