import NewswatchNormalize

/// How item text fields are read before they become Article text.
enum ItemText {
    /// A field that may hold markup (RSS titles often do, escaped): HTML when it looks like it.
    static func markup(_ text: String) -> FeedText {
        MarkupSniff.mayHoldMarkup(text) ? .html(text) : .plain(text)
    }

    /// Text for a field that holds text only, markup removed.
    static func plain(_ text: String) -> String? {
        let value = HTMLBlockReader().text(text)
        return value.isEmpty ? nil : value
    }
}
