import Testing
@testable import NewswatchFetch

@Suite struct CurlLibraryTests {
    @Test func initialisesAndSpeaksHTTP() {
        #expect(CurlLibrary.initialize() == nil)
        let info = CurlLibrary.versionInfo
        #expect(info.version.split(separator: ".").count == 3)
        #expect(info.protocols.contains("http"))
        #expect(info.protocols.contains("https"))
        #expect(info.ssl != nil, "libcurl without TLS cannot fetch https feeds")
    }
}
