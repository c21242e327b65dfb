import Foundation
import Synchronization
@testable import PailFaults

/// Helpers shared by the fault tests.
enum T {
    static func decode<V: Decodable>(_ type: V.Type, _ json: String) throws -> V {
        try JSONDecoder().decode(V.self, from: Data(json.utf8))
    }

    static func roundTrip<V: Codable & Equatable>(_ value: V) throws -> V {
        let data = try JSONEncoder().encode(value)
        return try JSONDecoder().decode(V.self, from: data)
    }

    /// The message a decoding failure gives a user, or nil when it decodes.
    static func decodeError<V: Decodable>(_ type: V.Type, _ json: String) -> String? {
        do {
            _ = try decode(type, json)
            return nil
        } catch let e as DecodingError {
            return e.readableMessage
        } catch {
            return "\(error)"
        }
    }

    static func request(_ operation: String = "GetObject", method: String = "GET", bucket: String? = "b",
                        key: String? = "k", service: String = "s3", accessKey: String? = "AKID",
                        headers: [(name: String, value: String)] = [], id: String = "req") -> FaultRequest {
        FaultRequest(service: service, operation: operation, method: method, bucket: bucket, key: key,
                     accessKey: accessKey, headers: headers, requestID: id)
    }

    static let slowDown = FaultAction.error(status: 503, code: "SlowDown", message: "Please reduce your request rate.")

    /// The 1-based indexes of requests (out of `count` identical ones) on which `when` fires.
    static func firing(_ when: FaultWhen, count: Int, seed: UInt64 = 0) -> [Int] {
        let injector = FaultInjector(seed: seed)
        injector.add(FaultRule(when: when, action: slowDown))
        return (1...count).filter { !injector.evaluate(request(id: "\($0)")).isEmpty }
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { current = Mutex(start) } // 2026-01-01
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
}
