import Foundation

/// A monotonic clock in seconds (wall time; the benchmarks run one thread).
func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// CPU time of the calling thread in seconds: what a shared machine's other processes disturb less
/// than wall time (a system call, so timed work should be much longer than it).
func threadCPUTime() -> Double {
    cpuSeconds(CLOCK_THREAD_CPUTIME_ID)
}

/// CPU seconds (user+system) this process has used, all threads. On a shared machine other processes
/// stretch wall time while they hold the cores; CPU time is what the work itself cost.
func cpuNow() -> Double {
    cpuSeconds(CLOCK_PROCESS_CPUTIME_ID)
}

private func cpuSeconds(_ clock: clockid_t) -> Double {
    var spec = timespec()
    clock_gettime(clock, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Sorted samples and their percentiles (nearest rank).
struct Samples {
    let sorted: [Double]

    init(_ values: [Double]) { sorted = values.sorted() }

    func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var median: Double { percentile(50) }
}

/// Peak resident memory of this process in MiB (ru_maxrss is in KiB on Linux).
func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// One `key value` line per figure: run.sh reads them back, so the format stays this simple.
func report(_ key: String, _ value: Double) {
    print("\(key) \(String(format: "%.6g", value))")
}

/// User plus system CPU seconds of this process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
