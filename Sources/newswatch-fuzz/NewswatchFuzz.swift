import Foundation
#if FUZZING
import CLibFuzzer
#endif

/// `make fuzz` builds this with `-sanitize=fuzzer,address -DFUZZING`: main hands over to libFuzzer,
/// with the target named by $NEWSWATCH_FUZZ_TARGET. The ordinary build (no libFuzzer to link) replays
/// inputs instead — `newswatch-fuzz TARGET FILE|DIR...` runs the target once on each file — which is
/// how a crash file libFuzzer left behind is reproduced in the debugger.
@main
struct NewswatchFuzz {
    static func main() {
        #if FUZZING
        guard selectedTarget != nil else {
            FileHandle.standardError.write(Data("set \(FuzzTarget.environmentKey) to one of: \(targetNames)\n".utf8))
            exit(2)
        }
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
        #else
        replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    static let targetNames = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")

    static func replay(_ arguments: [String]) {
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            FileHandle.standardError.write(Data("usage: newswatch-fuzz TARGET FILE|DIR... (targets: \(targetNames))\n".utf8))
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                    exit(1)
                }
                target.run([UInt8](data))
                count += 1
            }
        }
        print("\(target.rawValue): ran \(count) inputs")
    }

    private static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }
    }
}

let selectedTarget = ProcessInfo.processInfo.environment[FuzzTarget.environmentKey].flatMap(FuzzTarget.init(rawValue:))

#if FUZZING
/// libFuzzer's callback. Also exported under its own name: -sanitize=fuzzer links libFuzzer's main,
/// which calls it directly, whichever of the two mains the linker keeps.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = selectedTarget else {
        FileHandle.standardError.write(Data("set \(FuzzTarget.environmentKey) to one of: \(NewswatchFuzz.targetNames)\n".utf8))
        exit(2)
    }
    target.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#endif
