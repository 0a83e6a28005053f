import Foundation
import SluiceDocuments

/// Checks the addresses a request would reach against the workspace's ``OutboundRequests`` setting.
enum AddressPolicy {
    /// Nil when `url` may be requested under `policy`; otherwise why not. The host is resolved here and every address
    /// it resolves to must be public (the client resolves again when it connects: a name whose answer changes in
    /// between is not caught, which docs/security.md says).
    static func refusal(of url: String, under policy: OutboundRequests) -> String? {
        guard policy == .publicOnly else { return nil }
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { return "the URL names no host" }
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses = resolve(name)
        guard !addresses.isEmpty else { return "\(host) does not resolve" }
        if let blocked = addresses.first(where: { !isPublic($0) }) {
            return "\(host) is \(blocked.text), not a public address, and this workspace allows only public ones (sluice.json: outboundRequests)"
        }
        return nil
    }

    /// One resolved address.
    struct Address {
        var bytes: [UInt8]
        var text: String
    }

    static func resolve(_ host: String) -> [Address] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(list) }
        var result: [Address] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                if entry.pointee.ai_family == AF_INET {
                    var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                    let bytes = withUnsafeBytes(of: &v4) { Array($0) }
                    result.append(Address(bytes: bytes, text: bytes.map(String.init).joined(separator: ".")))
                } else if entry.pointee.ai_family == AF_INET6 {
                    var v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    let bytes = withUnsafeBytes(of: &v6) { Array($0) }
                    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                    inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count))
                    result.append(Address(bytes: bytes, text: String(cString: buffer)))
                }
            }
            cursor = entry.pointee.ai_next
        }
        return result
    }

    /// Whether an IPv4 (4 bytes) or IPv6 (16 bytes) address is one anybody on the internet could reach.
    static func isPublic(_ address: Address) -> Bool {
        let b = address.bytes
        if b.count == 16 {
            // IPv4-mapped (::ffff:a.b.c.d) is judged as its IPv4 address.
            if b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xFF, b[11] == 0xFF {
                return isPublic(Address(bytes: Array(b[12...]), text: address.text))
            }
            if b.allSatisfy({ $0 == 0 }) || (b[0..<15].allSatisfy { $0 == 0 } && b[15] == 1) { return false }  // :: and ::1
            if b[0] & 0xFE == 0xFC { return false }  // fc00::/7 unique local
            if b[0] == 0xFE, b[1] & 0xC0 == 0x80 { return false }  // fe80::/10 link-local
            return true
        }
        guard b.count == 4 else { return false }
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return false
        case (100, 64...127): return false  // carrier-grade NAT
        case (169, 254): return false  // link-local (cloud metadata services)
        case (172, 16...31): return false
        case (192, 168): return false
        case (224...255, _): return false  // multicast, reserved, broadcast
        default: return true
        }
    }
}
