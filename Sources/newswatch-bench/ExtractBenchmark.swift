import Foundation
import NewswatchNormalize
import NewswatchParse

/// `extract OUTDIR FILES…`: the full-text extractor over saved article pages, run the way
/// bench/peers/fulltext_peer.py runs trafilatura and readability-lxml: every page read into memory
/// first, a warm-up on the first three, then all pages extracted in one timed loop on this thread,
/// and afterwards each page's main text (teaser, highlights, body) written to OUTDIR/NAME.txt —
/// empty when the page gave no article — for bench.py to score against the known text.
enum ExtractBenchmark {
    static func run(outputDirectory: String, files: [String]) throws {
        let pages = try files.map { file -> [UInt8] in
            guard let data = FileManager.default.contents(atPath: file) else { throw BenchUsageError(text: "cannot read \(file)") }
            return [UInt8](data)
        }
        let extractor = ArticlePageExtractor()
        for page in pages.prefix(3) { _ = try? extractor.extract(bytes: page) }

        var texts: [String] = []
        texts.reserveCapacity(pages.count)
        var failures = 0
        let wallStart = now(), cpuStart = cpuSeconds()
        for page in pages {
            do {
                texts.append(mainText(of: try extractor.extract(bytes: page)))
            } catch {
                texts.append("")
                failures += 1
            }
        }
        let wall = now() - wallStart, cpu = cpuSeconds() - cpuStart

        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        for (file, text) in zip(files, texts) {
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension + ".txt"
            try Data(text.utf8).write(to: URL(fileURLWithPath: (outputDirectory as NSString).appendingPathComponent(name)))
        }
        report("pages", Double(pages.count))
        report("failures", Double(failures))
        report("bytes", Double(pages.reduce(0) { $0 + $1.count }))
        report("seconds", wall)
        report("cpu_seconds", cpu)
        report("peak_mib", peakMemoryMiB())
    }

    /// What the article model counts as the article's text: the teaser, the highlights and the body
    /// blocks — not the title, the photo caption, related links or authors.
    static func mainText(of article: Article) -> String {
        var blocks: [String] = []
        if let teaser = article.teaser { blocks.append(teaser) }
        blocks += article.highlights
        blocks += article.body.flatMap(\.lines)
        return blocks.joined(separator: "\n\n")
    }
}
