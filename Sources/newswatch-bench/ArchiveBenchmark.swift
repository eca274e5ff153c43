import Foundation
import NewswatchArchive
import NewswatchNormalize
import NewswatchTestSupport

/// `archive N [PATH]`: N generated articles recorded into a real SQLite file in feed-sized batches, then
/// the same articles seen again (the dedup path), near-duplicate copies recorded one at a time, and
/// two-word searches.
enum ArchiveBenchmark {
    static let batchSize = 500

    static func run(count: Int, path: String) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        // The search index is written here, timed apart, every `searchIndexBatch` articles, as a
        // writer does on its own after a poll: the rate until durable (the polls' transactions) and the
        // rate until searchable (the index too) are reported side by side; the target is the latter.
        let indexEvery = ArchiveOptions().searchIndexBatch
        var options = ArchiveOptions()
        options.searchIndexBatch = Int.max
        let archive = try Archive(path: path, options: options)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        var generator = ArticleGenerator(seed: 5)

        // Insert: generation is done per batch outside the timed part.
        var insertSeconds = 0.0, insertCPU = 0.0, prepareCPU = 0.0
        var indexSeconds = 0.0, indexCPU = 0.0, unindexed = 0
        var inserted = 0
        var kept: [[Article]] = []
        var batchIndex = 0
        while inserted < count {
            let size = min(batchSize, count - inserted)
            let time = start.addingTimeInterval(Double(batchIndex) * 60)
            let batch = (0..<size).map { _ in generator.next(fetched: time) }
            let feed = "feed-\(batchIndex % 200)"
            let t0 = now(), c0 = cpuNow()
            // Prepared first, as the daemon prepares a new feed's batch on the thread that parsed it;
            // both parts are in the insert figures, the recording alone in the writer's.
            let poll = archive.prepare(feed: feed, articles: batch)
            let c1 = cpuNow()
            _ = try archive.record(poll, at: time)
            // Every batch on disk before the next, as the floor peer's synchronous=FULL does: the
            // daemon groups its syncs (one a second), a benchmark of single batches must not.
            try archive.syncToDisk()
            insertSeconds += now() - t0
            insertCPU += cpuNow() - c0
            prepareCPU += c1 - c0
            if batchIndex % max(1, count / batchSize / 20) == 0 { kept.append(batch) }
            inserted += size
            unindexed += size
            if unindexed >= indexEvery || inserted == count {
                let t1 = now(), c1 = cpuNow()
                try archive.indexForSearch()
                try archive.syncToDisk()
                indexSeconds += now() - t1
                indexCPU += cpuNow() - c1
                unindexed = 0
            }
            batchIndex += 1
            if inserted % 100_000 == 0 {
                // Progress on stderr (run.sh reads only stdout): a long run shows how the rate holds up.
                FileHandle.standardError.write(Data(String(
                    format: "archive: %d articles, searchable %.0f/s wall, %.0f/s CPU; durable %.0f/s wall, %.0f/s CPU so far\n",
                    inserted, Double(inserted) / (insertSeconds + indexSeconds), Double(inserted) / (insertCPU + indexCPU),
                    Double(inserted) / insertSeconds, Double(inserted) / insertCPU).utf8))
            }
        }
        report("articles", Double(count))
        // Until searchable (the target's figure) and until durable (committed and synced, not yet indexed).
        report("insert_per_s", Double(count) / (insertSeconds + indexSeconds))
        report("insert_per_cpu_s", Double(count) / (insertCPU + indexCPU))
        report("insert_durable_per_s", Double(count) / insertSeconds)
        report("insert_durable_per_cpu_s", Double(count) / insertCPU)
        // What the daemon's archive writer thread does of it (the recording, the search index; not the
        // preparation, which the daemon does on the parsing threads): its ceiling when parsing keeps up.
        report("insert_writer_per_cpu_s", Double(count) / (insertCPU - prepareCPU + indexCPU))
        report("prepare_cpu_us_per_article", prepareCPU / Double(count) * 1e6)

        // Dedup: the same items polled again from the same feed, as a feed repeats its items every poll.
        let repeatTime = start.addingTimeInterval(Double(batchIndex) * 60)
        var dedupSeconds = 0.0, dedupCPU = 0.0, checked = 0
        for (index, batch) in kept.enumerated() {
            let t0 = now(), c0 = cpuNow()
            let outcomes = try archive.record(feed: "feed-repeat-\(index)", articles: batch, at: repeatTime)
            try archive.syncToDisk()
            dedupSeconds += now() - t0
            dedupCPU += cpuNow() - c0
            checked += outcomes.count
        }
        report("dedup_per_s", Double(checked) / dedupSeconds)
        report("dedup_per_cpu_s", Double(checked) / dedupCPU)

        // Near-duplicates: another outlet's copy of a kept article, one word of its body changed. The
        // lookup alone (`Archive.nearDuplicate`, read-only) is timed first, then the whole `record`.
        var nearTimings: [Double] = []
        var lookupTimings: [Double] = [], lookupCPU: [Double] = []
        var nearFound = 0, lookupFound = 0
        for (index, article) in kept.flatMap({ $0 }).prefix(500).enumerated() {
            var copy = article
            var body = copy.body
            if case .paragraph(let text) = body[0] { body[0] = .paragraph(text + " Ergänzt \(index).") }
            copy.body = body
            copy.url = (copy.url ?? "") + "?copy"
            copy.guid = nil
            let l0 = now(), c0 = cpuNow()
            if try archive.nearDuplicate(of: copy, at: repeatTime) != nil { lookupFound += 1 }
            lookupTimings.append(now() - l0)
            lookupCPU.append(cpuNow() - c0)
            let t0 = now()
            let outcome = try archive.record(feed: "copy-feed", articles: [copy], at: repeatTime)
            try archive.syncToDisk()
            nearTimings.append(now() - t0)
            if case .nearDuplicate = outcome.first?.kind { nearFound += 1 }
        }
        let near = Samples(nearTimings)
        report("near_record_median_ms", near.median * 1000)
        report("near_record_p99_ms", near.percentile(99) * 1000)
        report("near_found_fraction", Double(nearFound) / Double(max(1, nearTimings.count)))
        let lookup = Samples(lookupTimings)
        report("near_lookup_median_ms", lookup.median * 1000)
        report("near_lookup_p99_ms", lookup.percentile(99) * 1000)
        let lookupCPUSamples = Samples(lookupCPU)
        report("near_lookup_cpu_median_ms", lookupCPUSamples.median * 1000)
        report("near_lookup_cpu_p99_ms", lookupCPUSamples.percentile(99) * 1000)
        report("near_lookup_found_fraction", Double(lookupFound) / Double(max(1, lookupTimings.count)))

        // Search: two-word queries from the articles' vocabulary, after one warm-up pass.
        var random = SeededRandom(seed: 11)
        let words = (Vocabulary.germanNouns + Vocabulary.englishNouns).filter { !$0.contains(" ") }
        let queries = (0..<200).map { _ in "\(random.pick(words)) \(random.pick(words))" }
        for query in queries.prefix(20) { _ = try archive.search(query: query) }
        var searchTimings: [Double] = [], searchCPU: [Double] = []
        for query in queries {
            let t0 = now(), c0 = cpuNow()
            _ = try archive.search(query: query)
            searchTimings.append(now() - t0)
            searchCPU.append(cpuNow() - c0)
        }
        let search = Samples(searchTimings)
        report("search_median_ms", search.median * 1000)
        report("search_p99_ms", search.percentile(99) * 1000)
        report("search_cpu_p99_ms", Samples(searchCPU).percentile(99) * 1000)

        let fileBytes = ["", "-wal"].compactMap { suffix -> Int? in
            (try? FileManager.default.attributesOfItem(atPath: path + suffix))?[.size] as? Int
        }.reduce(0, +)
        report("file_bytes", Double(fileBytes))
        report("bytes_per_article", Double(fileBytes) / Double(count + nearTimings.count))
        report("peak_mib", peakMemoryMiB())
    }
}
