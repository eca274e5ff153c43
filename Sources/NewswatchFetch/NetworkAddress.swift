/// An IP address the fetcher is about to connect to, and whether a feed may reach it by default.
/// Checked on the address actually connected (not on the name), so a name that resolves or is
/// rebound to an internal address is refused all the same.
enum NetworkAddress: Equatable, CustomStringConvertible {
    case v4(UInt8, UInt8, UInt8, UInt8)
    case v6([UInt8])

    /// A public unicast address: anything else (loopback, private, shared, link-local — where the
    /// cloud metadata services live —, multicast, reserved, unspecified) needs `allowsPrivateNetworks`.
    var isPublic: Bool {
        switch self {
        case let .v4(a, b, c, _):
            switch a {
            case 0, 10, 127: return false
            case 100 where (64...127).contains(b): return false   // carrier-grade NAT
            case 169 where b == 254: return false                 // link-local, 169.254.169.254
            case 172 where (16...31).contains(b): return false
            case 192 where b == 168: return false
            case 192 where b == 0 && c == 0: return false         // IETF protocol assignments
            case 198 where b == 18 || b == 19: return false        // benchmarking
            case 224...255: return false                           // multicast, reserved, broadcast
            default: return true
            }
        case .v6(let bytes):
            if let embedded = embeddedV4 { return embedded.isPublic }
            if bytes.allSatisfy({ $0 == 0 }) { return false }                     // ::
            if bytes.dropLast().allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return false } // ::1
            if bytes[0] & 0xFE == 0xFC { return false }                           // fc00::/7 unique local
            if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return false }        // fe80::/10 link-local
            if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return false }        // fec0::/10 site-local
            if bytes[0] == 0xFF { return false }                                   // multicast
            if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8 { return false } // documentation
            return true
        }
    }

    /// The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64
    /// (64:ff9b::/96) IPv6 address: judged as the IPv4 address it reaches.
    private var embeddedV4: NetworkAddress? {
        guard case .v6(let bytes) = self else { return nil }
        let last4 = NetworkAddress.v4(bytes[12], bytes[13], bytes[14], bytes[15])
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return last4 }
        if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B
            && bytes[4..<12].allSatisfy({ $0 == 0 }) { return last4 }
        return nil
    }

    var description: String {
        switch self {
        case let .v4(a, b, c, d): return "\(a).\(b).\(c).\(d)"
        case .v6(let bytes):
            var groups: [String] = []
            for index in stride(from: 0, to: 16, by: 2) {
                groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
            }
            return groups.joined(separator: ":")
        }
    }
}
