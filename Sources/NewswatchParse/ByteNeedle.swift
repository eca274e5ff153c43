import Foundation

/// The search for a short run of bytes (`-->`, `]]>`, `</script`) in a document's bytes, shared by the
/// passes that skip over sections of a whole feed or page (`EntityRepair`, `ScriptBodies`): the
/// needle's first byte is found with `memchr` (the bytes between are most of a document), then the
/// rest is compared.
enum ByteNeedle {
    /// Where `needle` first occurs in `haystack` at or after `start`; nil when it does not occur
    /// (a match cut off by the end of `haystack` is none). With `caseInsensitive`, ASCII capitals in
    /// `haystack` after the first byte match the lower-case letters of `needle` (which must be lower
    /// case); the first byte is compared as it is.
    static func firstIndex(
        of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int, caseInsensitive: Bool = false
    ) -> Int? {
        let count = haystack.count
        let length = needle.count
        guard length > 0, let base = haystack.baseAddress else { return nil }
        let first = Int32(needle[0])
        var index = start
        while index + length <= count {
            guard let found = memchr(base + index, first, count - index) else { return nil }
            let candidate = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard candidate + length <= count else { return nil }
            var offset = 1
            while offset < length {
                var byte = haystack[candidate + offset]
                if caseInsensitive, byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
                guard byte == needle[offset] else { break }
                offset += 1
            }
            if offset == length { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// `firstIndex` for a literal needle.
    static func firstIndex(of needle: StaticString, in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        firstIndex(of: UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount), in: haystack, from: start)
    }
}
