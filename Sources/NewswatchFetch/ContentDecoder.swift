import CCompression
import Foundation

/// Undoes a response's content codings (`Content-Encoding: gzip`, `deflate`, `br`, `zstd`, or a list
/// of them) as the body arrives, and says at the end whether every stream was complete.
///
/// libcurl could decode these itself, but libcurl 7.88 passes on whatever a gzip stream cut off
/// before its end inflated to and reports success; a feed cut short that way looked whole, and its
/// ETag was kept. Decoding here, `finish()` notices the missing end.
final class ContentDecoder {
    /// The codings this decoder undoes, as `Accept-Encoding` offers them.
    static let acceptEncoding = "gzip, deflate, br, zstd"

    private let stages: [any DecodingStage]

    /// nil when the body is not encoded (no header, or only `identity`).
    /// Throws for a coding it cannot undo, naming it.
    init?(contentEncoding values: [String]) throws(ContentDecodingError) {
        // "gzip, br" means gzip was applied first: undo them last to first.
        let codings = values.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && $0 != "identity" }
        guard !codings.isEmpty else { return nil }
        guard codings.count <= 3 else {
            throw ContentDecodingError("the body claims \(codings.count) content codings (\(codings.joined(separator: ", "))); at most 3 are undone")
        }
        var stages: [any DecodingStage] = []
        for coding in codings.reversed() {
            switch coding {
            case "gzip", "x-gzip": stages.append(ZlibStage(coding: "gzip"))
            case "deflate": stages.append(ZlibStage(coding: "deflate"))
            case "br": stages.append(try BrotliStage())
            case "zstd": stages.append(try ZstdStage())
            default:
                throw ContentDecodingError("the body is in content coding '\(coding)', which newswatch did not ask for and cannot decode (it offers \(Self.acceptEncoding))")
            }
        }
        self.stages = stages
    }

    /// Decodes the next bytes of the body, handing the decoded bytes to `emit` as they come out;
    /// an error thrown by `emit` (a size limit reached) stops the decoding and propagates.
    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try feed(stage: 0, input, emit)
    }

    /// Throws when a stream ended before its end: the response was cut short.
    func finish() throws(ContentDecodingError) {
        for stage in stages { try stage.finish() }
    }

    private func feed(stage index: Int, _ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard index < stages.count else { return try emit(input) }
        try stages[index].decode(input) { try feed(stage: index + 1, $0, emit) }
    }
}

/// A body that cannot be decoded: which coding, and what is wrong with it.
struct ContentDecodingError: Error {
    let message: String
    init(_ message: String) { self.message = message }

    static func truncated(_ coding: String) -> ContentDecodingError {
        ContentDecodingError("the \(coding) stream stops before its end: the response was cut short")
    }
}

private protocol DecodingStage: AnyObject {
    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws
    func finish() throws(ContentDecodingError)
}

/// Each stage decodes into a scratch buffer of this size and hands it on before decoding more, so a
/// compression bomb never grows memory beyond it before the caller's size limit stops it.
private let scratchSize = 64 * 1024

/// gzip (RFC 1952, several members one after another allowed) and deflate (RFC 1950 zlib format, or
/// the raw deflate that some servers send under that name).
private final class ZlibStage: DecodingStage {
    private let coding: String
    private var stream = z_stream()
    private var initialized = false
    private var received = false
    private var memberEnded = false
    private let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: scratchSize)

    init(coding: String) {
        self.coding = coding
    }

    deinit {
        if initialized { inflateEnd(&stream) }
        scratch.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard var next = input.baseAddress?.assumingMemoryBound(to: UInt8.self), !input.isEmpty else { return }
        var remaining = input.count
        if !initialized { try start(first: input) }
        received = true
        while true {
            if memberEnded {
                guard remaining > 0 else { return }
                // Another gzip member follows (concatenated members are one body); anything else after
                // a complete stream is trailing junk, which browsers and libcurl ignore too.
                guard coding == "gzip", next[0] == 0x1f else { return }
                inflateReset(&stream)
                memberEnded = false
            }
            stream.next_in = UnsafeMutablePointer(mutating: next)
            stream.avail_in = UInt32(min(remaining, Int(UInt32.max)))
            stream.next_out = scratch
            stream.avail_out = UInt32(scratchSize)
            let result = inflate(&stream, Z_NO_FLUSH)
            let consumed = min(remaining, Int(UInt32.max)) - Int(stream.avail_in)
            next += consumed
            remaining -= consumed
            let produced = scratchSize - Int(stream.avail_out)
            if produced > 0 { try emit(UnsafeRawBufferPointer(start: scratch, count: produced)) }
            switch result {
            case Z_STREAM_END:
                memberEnded = true
            case Z_OK:
                // Output space left over means zlib took all it could: wait for more input.
                if remaining == 0, stream.avail_out > 0 { return }
            case Z_BUF_ERROR where remaining == 0:
                return // no progress possible without more input
            default:
                throw damaged(result)
            }
        }
    }

    func finish() throws(ContentDecodingError) {
        // An empty body with a coding header is an empty body, not a cut-off stream.
        guard received else { return }
        guard memberEnded else { throw .truncated(coding) }
    }

    private func start(first input: UnsafeRawBufferPointer) throws(ContentDecodingError) {
        // 15 + 32: a zlib or gzip header, detected. Raw deflate has neither; a zlib header's first
        // two bytes, read as a big-endian number, are a multiple of 31 with method 8.
        var windowBits: Int32 = 15 + 32
        if coding == "deflate", input.count >= 2 {
            let header = Int(input[0]) << 8 | Int(input[1])
            if input[0] & 0x0f != 8 || header % 31 != 0 { windowBits = -15 }
        }
        let result = nw_inflate_init2(&stream, windowBits)
        guard result == Z_OK else { throw ContentDecodingError("zlib could not start decoding \(coding) (error \(result))") }
        initialized = true
    }

    private func damaged(_ result: Int32) -> ContentDecodingError {
        let detail = stream.msg.map { String(cString: $0) } ?? "zlib error \(result)"
        return ContentDecodingError("the \(coding) stream is damaged (\(detail))")
    }
}

private final class BrotliStage: DecodingStage {
    private let state: OpaquePointer
    private var received = false
    private var ended = false
    private let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: scratchSize)

    init() throws(ContentDecodingError) {
        guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else {
            scratch.deallocate()
            throw ContentDecodingError("brotli could not start decoding (out of memory)")
        }
        self.state = state
    }

    deinit {
        BrotliDecoderDestroyInstance(state)
        scratch.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self), !input.isEmpty else { return }
        received = true
        var nextIn: UnsafePointer<UInt8>? = base
        var availableIn = input.count
        while !ended {
            var nextOut: UnsafeMutablePointer<UInt8>? = scratch
            var availableOut = scratchSize
            let result = BrotliDecoderDecompressStream(state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
            let produced = scratchSize - availableOut
            if produced > 0 { try emit(UnsafeRawBufferPointer(start: scratch, count: produced)) }
            switch result {
            case BROTLI_DECODER_RESULT_SUCCESS:
                ended = true // bytes after the end are ignored, as for gzip
            case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
                continue
            case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
                return
            default:
                let detail = String(cString: BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state)))
                throw ContentDecodingError("the br stream is damaged (\(detail))")
            }
        }
    }

    func finish() throws(ContentDecodingError) {
        guard received else { return }
        guard ended else { throw .truncated("br") }
    }
}

private final class ZstdStage: DecodingStage {
    private let context: OpaquePointer
    private var received = false
    /// ZSTD_decompressStream's last answer: 0 once a frame is complete and all of it handed out.
    private var pending = 0
    private let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: scratchSize)

    init() throws(ContentDecodingError) {
        guard let context = ZSTD_createDCtx() else {
            scratch.deallocate()
            throw ContentDecodingError("zstd could not start decoding (out of memory)")
        }
        // 8 MiB, the most RFC 9659 lets an HTTP sender use; zstd's own default would let a server
        // make us reserve a 128 MiB window with one frame header.
        ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, 23)
        self.context = context
    }

    deinit {
        ZSTD_freeDCtx(context)
        scratch.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !input.isEmpty else { return }
        received = true
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while true {
            var target = ZSTD_outBuffer(dst: scratch, size: scratchSize, pos: 0)
            let result = ZSTD_decompressStream(context, &target, &source)
            if ZSTD_isError(result) != 0 {
                throw ContentDecodingError("the zstd stream is damaged (\(String(cString: ZSTD_getErrorName(result))))")
            }
            pending = result
            if target.pos > 0 { try emit(UnsafeRawBufferPointer(start: scratch, count: target.pos)) }
            // All input taken and room left in the output: nothing more comes out without more input.
            if source.pos == source.size, target.pos < target.size { return }
        }
    }

    func finish() throws(ContentDecodingError) {
        guard received else { return }
        guard pending == 0 else { throw .truncated("zstd") }
    }
}
