import Foundation

/// An article link as the archive keeps it: absolute, scheme and host lower-cased, tracking
/// parameters (`utm_*`, `wt_mc`, `fbclid`, …) removed, so the same article shared through two
/// campaigns is one URL.
public enum CanonicalURL {
    /// Parameters that say who sent the reader, never which page they get.
    static let trackingNames: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
        "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "icid", "ncid", "ocid",
        "cmpid", "xtor", "ito", "_ga", "_gl", "ref_src", "ref_url", "s_cid", "spm", "twclid", "ttclid",
        "li_fat_id", "campaign_id", "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3",
        "at_custom4",
    ]
    static let trackingPrefixes = ["utm_", "wt_", "pk_", "mtm_", "at_"]

    public static func isTracking(parameter name: String) -> Bool {
        let lower = name.lowercased()
        return trackingNames.contains(lower) || trackingPrefixes.contains(where: lower.hasPrefix)
    }

    /// The cleaned link, or nil when `text` is not an absolute http(s) URL.
    public static func clean(_ text: String) -> String? {
        // Nearly every link starts and ends with a printable ASCII character: nothing to trim, and
        // Foundation's trimming (a bridge to NSString) is skipped.
        let trimmed = UTF8Bytes.hasNoSpaceToTrim(text) ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else { return nil }
        components.scheme = scheme
        components.host = host.lowercased()
        if let items = components.percentEncodedQueryItems {
            let kept = items.filter { !isTracking(parameter: $0.name) }
            components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        }
        if components.path.isEmpty { components.path = "/" }
        return components.string
    }
}
