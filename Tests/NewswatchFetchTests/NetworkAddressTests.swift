import Testing
@testable import NewswatchFetch

@Suite struct NetworkAddressTests {
    private func v6(_ groups: [UInt16]) -> NetworkAddress {
        .v6(groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }

    @Test func publicAddressesAreAllowedEverywhere() {
        for address in [NetworkAddress.v4(93, 184, 216, 34), .v4(8, 8, 8, 8), .v4(172, 32, 0, 1), .v4(100, 128, 0, 1),
                        v6([0x2a00, 0x1450, 0x4001, 0x82a, 0, 0, 0, 0x200e])] {
            #expect(address.reach == .publicInternet, "\(address)")
            #expect(address.isAllowed(allowingPrivateNetworks: false))
        }
    }

    @Test func privateAddressesNeedTheSwitch() {
        for address in [NetworkAddress.v4(127, 0, 0, 1), .v4(10, 1, 2, 3), .v4(172, 16, 0, 1), .v4(172, 31, 255, 255),
                        .v4(192, 168, 1, 1), .v4(100, 64, 0, 1), v6([0, 0, 0, 0, 0, 0, 0, 1]), v6([0xfd12, 0x3456, 0, 0, 0, 0, 0, 1]),
                        v6([0, 0, 0, 0, 0, 0xffff, 0x7f00, 0x0001])] {
            #expect(address.reach == .privateNetwork, "\(address)")
            #expect(!address.isAllowed(allowingPrivateNetworks: false))
            #expect(address.isAllowed(allowingPrivateNetworks: true))
        }
    }

    @Test func metadataLinkLocalAndSpecialAddressesAreNeverAllowed() {
        for address in [NetworkAddress.v4(169, 254, 169, 254), .v4(169, 254, 1, 1), .v4(0, 0, 0, 0), .v4(100, 100, 100, 200),
                        .v4(224, 0, 0, 1), .v4(255, 255, 255, 255), v6([0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254]),
                        v6([0xfe80, 0, 0, 0, 0, 0, 0, 1]), v6([0, 0, 0, 0, 0, 0, 0, 0]), v6([0xff02, 0, 0, 0, 0, 0, 0, 1]),
                        v6([0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe]), v6([0x64, 0xff9b, 0, 0, 0, 0, 0xa9fe, 0xa9fe])] {
            #expect(address.reach == .never, "\(address)")
            #expect(!address.isAllowed(allowingPrivateNetworks: true))
        }
    }

    @Test func describesItself() {
        #expect(NetworkAddress.v4(169, 254, 169, 254).description == "169.254.169.254")
        #expect(v6([0xfe80, 0, 0, 0, 0, 0, 0, 1]).description == "fe80:0:0:0:0:0:0:1")
    }
}
