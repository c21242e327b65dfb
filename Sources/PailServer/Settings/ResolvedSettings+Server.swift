import Foundation
import PailFaults
import PailIdentity

extension ResolvedSettings {
    /// The `ServerConfiguration` these settings describe. Loads the fault plan file when one is named
    /// and checks the settings that depend on each other (TLS certificate and key, the upstream).
    public func serverConfiguration() throws -> ServerConfiguration {
        var config = ServerConfiguration()
        config.address = address("address")
        config.tlsAddress = address("tls.address")
        config.consoleAddress = address("consoleAddress")
        config.tlsCertificate = self["tls.cert"]?.string
        config.tlsKey = self["tls.key"]?.string
        guard (config.tlsCertificate == nil) == (config.tlsKey == nil) else {
            throw ConfigurationError("tls.cert and tls.key go together (--tls-cert, --tls-key): \(origin(of: config.tlsKey == nil ? "tls.cert" : "tls.key")) is set alone")
        }
        config.dataDirectory = URL(fileURLWithPath: string("data"))
        config.region = string("region")
        let domain = string("domain")
        config.domain = domain.isEmpty ? nil : domain
        config.rootAccessKey = string("root.accessKey")
        config.rootSecretKey = string("root.secretKey")
        config.durable = string("durability") == "durable"
        config.accessLogFile = self["accessLogFile"]?.string
        config.accessLogFormat = AccessLogFormat(rawValue: string("accessLogFormat")) ?? .text
        config.accessLog = bool("accessLog") || source(of: "accessLogFormat") != .default || config.accessLogFile != nil
        config.awsDefaults = bool("awsDefaults")
        config.allowFaultHeader = bool("allowFaultHeader")
        config.faults = try faultInjector()
        config.identity = file?.identity ?? IdentityConfiguration()
        config.identity.imds.allowIMDSv1 = bool("imds.allowIMDSv1")
        config.imdsAddress = address("imds.address")
        // Several servers on one machine would collide on the default IMDS port: only an address
        // somebody asked for must bind.
        config.imdsOptional = source(of: "imds.address") == .default
        config.http.workers = self["limits.workers"]?.integer
        config.http.maxHeaderBytes = self["limits.maxHeaderBytes"]?.integer ?? config.http.maxHeaderBytes
        config.http.maxHeaderCount = self["limits.maxHeaderCount"]?.integer ?? config.http.maxHeaderCount
        config.http.headerReadTimeout = self["limits.headerReadTimeout"]?.seconds ?? config.http.headerReadTimeout
        config.http.idleTimeout = self["limits.idleTimeout"]?.seconds ?? config.http.idleTimeout
        config.http.bodyReadTimeout = self["limits.bodyReadTimeout"]?.seconds ?? config.http.bodyReadTimeout
        config.http.writeTimeout = self["limits.writeTimeout"]?.seconds ?? config.http.writeTimeout
        config.http.maxDrainBytes = Int64(self["limits.maxDrainBytes"]?.integer ?? Int(config.http.maxDrainBytes))
        config.gracePeriod = self["limits.gracePeriod"]?.seconds ?? config.gracePeriod
        config.multipartExpiry = self["limits.multipartExpiry"]?.seconds ?? config.multipartExpiry
        config.upstream = try upstream()
        return config
    }

    private func string(_ key: String) -> String { self[key]?.string ?? "" }
    private func bool(_ key: String) -> Bool { self[key]?.bool ?? false }
    private func address(_ key: String) -> String? { self[key]?.string }

    private func faultInjector() throws -> FaultInjector {
        let seed = self["faultSeed"]?.integer.map { UInt64($0) }
        switch self["faults"] {
        case .inline?:
            return (file?.inlineFaultPlan ?? FaultPlan(rules: [])).makeInjector(seedOverride: seed)
        case .string(let path)?:
            do {
                return try FaultPlan.load(from: URL(fileURLWithPath: path)).makeInjector(seedOverride: seed)
            } catch let e as FaultSpecError {
                throw ConfigurationError("\(origin(of: "faults")): \(e.message)")
            }
        default:
            return seed.map { FaultInjector(seed: $0) } ?? FaultInjector()
        }
    }

    /// Gateway mode's settings, when any `upstream.*` setting is set; they then need `upstream.url`.
    private func upstream() throws -> UpstreamSettings? {
        let keys = Setting.all.map(\.key).filter { $0.hasPrefix("upstream.") }
        guard let given = keys.first(where: { self[$0] != nil }) else { return nil }
        guard let url = self["upstream.url"]?.string else {
            throw ConfigurationError("\(origin(of: given)): the upstream settings need upstream.url (--upstream URL)")
        }
        var s = UpstreamSettings(url: url, accessKey: string("upstream.accessKey"), secretKey: string("upstream.secretKey"),
                                 sessionToken: self["upstream.sessionToken"]?.string, region: self["upstream.region"]?.string,
                                 addressing: self["upstream.addressing"]?.string, caBundle: self["upstream.caBundle"]?.string,
                                 bucketPrefix: self["upstream.bucketPrefix"]?.string)
        s.trailingChecksums = self["upstream.trailingChecksums"]?.string
        s.connectTimeout = self["upstream.connectTimeout"]?.seconds
        s.readTimeout = self["upstream.readTimeout"]?.seconds
        s.maxIdleConnections = self["upstream.maxIdleConnections"]?.integer
        do { try s.validate() } catch { throw ConfigurationError("\(error)") }
        return s
    }
}
