/// Puts every item of a document on a line of its own, for the recovering second reading of a broken
/// document: libxml2 tells where an error is by line, and nodes where they start by line only, so in
/// a feed written on one line an error could not be told apart from the items around it. A newline
/// is inserted before each `<item` and `<entry` start tag that does not begin a line (outside CDATA,
/// comments and processing instructions; white space between elements is insignificant in feeds).
/// `original(line:column:)` maps a position back to the document as it came.
struct ItemLineSpreading {
    var bytes: [UInt8]
    /// For each line of `bytes` (index 0 = line 1): its line in the original, and how many columns of
    /// that original line come before it.
    private var origins: [(line: Int, columnShift: Int)]

    init(_ input: [UInt8]) {
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 64)
        var origins: [(line: Int, columnShift: Int)] = [(1, 0)]
        var line = 1
        var lineStart = 0
        var index = 0
        let count = input.count

        func starts(_ literal: String, at position: Int) -> Bool {
            var offset = position
            for byte in literal.utf8 {
                guard offset < count, input[offset] == byte else { return false }
                offset += 1
            }
            return true
        }
        func copy(past terminator: String) {
            let first = terminator.utf8.first!
            while index < count {
                if input[index] == first, starts(terminator, at: index) {
                    output.append(contentsOf: input[index..<index + terminator.utf8.count])
                    index += terminator.utf8.count
                    return
                }
                if input[index] == 0x0A {
                    line += 1
                    lineStart = index + 1
                    origins.append((line, 0))
                }
                output.append(input[index])
                index += 1
            }
        }

        while index < count {
            let byte = input[index]
            if byte == UInt8(ascii: "<") {
                if starts("<![CDATA[", at: index) { copy(past: "]]>"); continue }
                if starts("<!--", at: index) { copy(past: "-->"); continue }
                if starts("<?", at: index) { copy(past: "?>"); continue }
                if (starts("<item", at: index) || starts("<entry", at: index)), index > lineStart {
                    let after = index + (starts("<item", at: index) ? 5 : 6)
                    if after < count, [UInt8(ascii: ">"), UInt8(ascii: " "), UInt8(ascii: "/"), 0x09, 0x0A, 0x0D].contains(input[after]) {
                        output.append(0x0A)
                        origins.append((line, index - lineStart))
                    }
                }
            } else if byte == 0x0A {
                line += 1
                lineStart = index + 1
                origins.append((line, 0))
            }
            output.append(byte)
            index += 1
        }
        self.bytes = output
        self.origins = origins
    }

    func original(line: Int, column: Int) -> (line: Int, column: Int) {
        guard line >= 1, line <= origins.count else { return (line, column) }
        let origin = origins[line - 1]
        return (origin.line, column + origin.columnShift)
    }
}
