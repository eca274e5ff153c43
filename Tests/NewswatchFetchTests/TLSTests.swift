import Foundation
import Testing
import NewswatchFetch
import NewswatchTestSupport

@Suite struct TLSTests {
    @Test func selfSignedCertificateIsRefusedUnlessInsecure() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        var request = loopbackRequest(server.url)
        let error = try #require(await sharedFetcher.fetch(request).error)
        #expect(error.kind == .tls, "\(error)")

        request.insecure = true
        let result = await sharedFetcher.fetch(request)
        let response = try #require(result.response, "\(String(describing: result.error))")
        #expect(response.status == 200)
    }
}
