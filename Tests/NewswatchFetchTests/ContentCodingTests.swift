import Foundation
import NewswatchFetch
import NewswatchTestSupport
import Testing

/// The fetcher undoes content codings itself (ContentDecoder) so that a stream cut off before its
/// end is an error instead of a shorter feed, against a real server on loopback.
@Suite struct ContentCodingTests {
    private func fetch(_ body: [UInt8], encoding: String, status: Int = 200) async throws -> (FetchResult, TestHTTPServer) {
        let server = try TestHTTPServer()
        server.route("/feed", ScriptedResponse(status: status, headers: [("Content-Encoding", encoding), ("ETag", "\"v1\"")], body: body))
        return (await sharedFetcher.fetch(loopbackRequest(server.url("/feed"))), server)
    }

    /// The fixtures by name, so a test's arguments (and its log line) name the fixture, not its bytes.
    static let bodies: [String: [UInt8]] = [
        "gzip": CompressedFixtures.gzip, "brotli": CompressedFixtures.brotli, "zstd": CompressedFixtures.zstd,
        "deflate": CompressedFixtures.deflate, "raw deflate": CompressedFixtures.rawDeflate,
        "gzip then brotli": CompressedFixtures.gzipThenBrotli, "plain": Array(CompressedFixtures.text.utf8),
    ]

    @Test(arguments: [
        ("gzip", "gzip"), ("x-gzip", "gzip"), ("br", "brotli"), ("zstd", "zstd"), ("deflate", "deflate"),
        ("deflate", "raw deflate"), ("gzip, br", "gzip then brotli"), ("identity", "plain"),
    ])
    func everyOfferedCodingIsDecoded(encoding: String, fixture: String) async throws {
        let body = try #require(Self.bodies[fixture])
        let (result, server) = try await fetch(body, encoding: encoding)
        defer { server.stop() }
        #expect(result.bodyText == CompressedFixtures.text, "\(encoding): \(String(describing: result.error))")
        #expect(server.requests.first?.header("Accept-Encoding") == "gzip, deflate, br, zstd")
    }

    @Test(arguments: [("gzip", "gzip"), ("br", "brotli"), ("zstd", "zstd"), ("deflate", "deflate"), ("gzip, br", "gzip then brotli")])
    func aStreamCutShortIsAnErrorNotAShorterFeed(encoding: String, fixture: String) async throws {
        let body = try #require(Self.bodies[fixture])
        // The server's length matches the cut, so HTTP itself sees a whole response.
        for cut in [body.count / 2, body.count - 1] {
            let (result, server) = try await fetch(Array(body.prefix(cut)), encoding: encoding)
            defer { server.stop() }
            let error = try #require(result.error, "\(encoding) cut at \(cut) of \(body.count) was accepted: \(result.bodyText ?? "")")
            #expect(error.kind == .badContentEncoding)
            #expect(error.message.contains("cut short") || error.message.contains("damaged"), "\(error.message)")
            #expect(error.url.hasSuffix("/feed"))
        }
    }

    @Test func gzipCutOffBeforeItsTrailerIsNamedCutShort() async throws {
        // The deflate data is whole, only the 8-byte CRC and length trailer is missing: libcurl 7.88
        // hands on the complete text and reports success for this.
        let (result, server) = try await fetch(Array(CompressedFixtures.gzip.dropLast(8)), encoding: "gzip")
        defer { server.stop() }
        let error = try #require(result.error)
        #expect(error.kind == .badContentEncoding)
        #expect(error.message == "the gzip stream stops before its end: the response was cut short")
    }

    @Test func concatenatedGzipMembersAreOneBody() async throws {
        let (result, server) = try await fetch(CompressedFixtures.gzip + CompressedFixtures.gzip, encoding: "gzip")
        defer { server.stop() }
        #expect(result.bodyText == CompressedFixtures.text + CompressedFixtures.text, "\(String(describing: result.error))")
    }

    @Test func junkAfterACompleteStreamIsIgnored() async throws {
        // As browsers and libcurl do: some servers append padding after the gzip trailer.
        let (result, server) = try await fetch(CompressedFixtures.gzip + Array("\n\n".utf8), encoding: "gzip")
        defer { server.stop() }
        #expect(result.bodyText == CompressedFixtures.text, "\(String(describing: result.error))")
    }

    @Test func anUnaskedForCodingIsNamedInTheError() async throws {
        let (result, server) = try await fetch(Array("x".utf8), encoding: "compress")
        defer { server.stop() }
        let error = try #require(result.error)
        #expect(error.kind == .badContentEncoding)
        #expect(error.message.contains("'compress'"), "\(error.message)")
    }

    @Test func anEmptyBodyWithACodingIsEmpty() async throws {
        let (result, server) = try await fetch([], encoding: "gzip")
        defer { server.stop() }
        #expect(result.response?.body == [], "\(String(describing: result.error))")
    }

    @Test func anErrorPageIsNotDecoded() async throws {
        // Its body is not kept; the status is the whole answer, however its bytes are coded.
        let (result, server) = try await fetch(Array("not gzip".utf8), encoding: "gzip", status: 503)
        defer { server.stop() }
        #expect(result.error?.kind == .httpStatus(503))
    }

    @Test func aZstdFrameAskingForAHugeWindowIsRefused() async throws {
        // A frame header announcing a 1 GiB window (window descriptor 0xa0: 2^(10+20) bytes) and no
        // content size: a decoder with zstd's defaults (up to 2^27) would try to reserve it.
        let header: [UInt8] = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa0]
        let (result, server) = try await fetch(header + [UInt8](repeating: 0, count: 16), encoding: "zstd")
        defer { server.stop() }
        let error = try #require(result.error)
        #expect(error.kind == .badContentEncoding)
        #expect(error.message.contains("zstd"), "\(error.message)")
    }
}
