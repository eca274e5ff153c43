import Foundation
import NewswatchParse

/// `parse FILES…`: every file read and parsed into Articles, the way the daemon parses a fetched body.
/// The reading is timed too, as it is for every peer (they are timed as whole processes by run.sh).
enum ParseBenchmark {
    static func run(_ files: [String]) throws {
        let parser = DocumentParser()
        let start = now()
        var items = 0, bytes = 0, failures = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                failures += 1
                continue
            }
            bytes += data.count
            do {
                let outline = try parser.parse([UInt8](data)) { _ in }
                items += outline.articleCount
            } catch {
                FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
                failures += 1
            }
        }
        let seconds = now() - start
        report("files", Double(files.count))
        report("failures", Double(failures))
        report("items", Double(items))
        report("bytes", Double(bytes))
        report("seconds", seconds)
        report("peak_mib", peakMemoryMiB())
    }
}
