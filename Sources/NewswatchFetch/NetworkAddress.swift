/// An IP address the fetcher is about to connect to, and whether a feed may reach it by default.
/// Checked on the address actually connected (not on the name), so a name that resolves or is
/// rebound to an internal address is refused all the same.
enum NetworkAddress: Equatable, CustomStringConvertible {
    case v4(UInt8, UInt8, UInt8, UInt8)
    case v6([UInt8])

    /// Who may connect here.
    enum Reach: Equatable {
        /// Public unicast: any feed.
        case publicInternet
        /// Loopback, RFC 1918, carrier-grade NAT, unique-local, benchmarking: only a feed (or a
        /// config) that allows private networks.
        case privateNetwork
        /// Link-local — where the cloud metadata services live (169.254.169.254, fd00:ec2::254) —,
        /// the unspecified address (0.0.0.0 reaches the local host), multicast, broadcast and
        /// reserved ranges: no feed lives there, so not even the private-network switch opens them.
        case never
    }

    var reach: Reach {
        switch self {
        case let .v4(a, b, c, d):
            switch a {
            case 0: return .never
            case 10, 127: return .privateNetwork
            case 100 where (64...127).contains(b):
                return b == 100 && c == 100 && d == 200 ? .never : .privateNetwork // Alibaba metadata
            case 169 where b == 254: return .never
            case 172 where (16...31).contains(b): return .privateNetwork
            case 192 where b == 168: return .privateNetwork
            case 192 where b == 0 && c == 0: return .never                        // IETF protocol assignments
            case 198 where b == 18 || b == 19: return .privateNetwork              // benchmarking
            case 224...255: return .never                                          // multicast, reserved, broadcast
            default: return .publicInternet
            }
        case .v6(let bytes):
            if let embedded = embeddedV4 { return embedded.reach }
            if bytes.allSatisfy({ $0 == 0 }) { return .never }                                  // ::
            if bytes.dropLast().allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return .privateNetwork } // ::1
            if bytes[0] == 0xFD && bytes[1] == 0x00 && bytes[2] == 0x0E && bytes[3] == 0xC2
                && bytes[4..<14].allSatisfy({ $0 == 0 }) && bytes[14] == 0x02 && bytes[15] == 0x54 { return .never }  // fd00:ec2::254
            if bytes[0] & 0xFE == 0xFC { return .privateNetwork }                              // fc00::/7
            if bytes[0] == 0xFE && bytes[1] & 0x80 == 0x80 { return .never }                     // fe80::/10, fec0::/10
            if bytes[0] == 0xFF { return .never }                                               // multicast
            if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8 { return .never } // documentation
            return .publicInternet
        }
    }

    func isAllowed(allowingPrivateNetworks: Bool) -> Bool {
        switch reach {
        case .publicInternet: return true
        case .privateNetwork: return allowingPrivateNetworks
        case .never: return false
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
