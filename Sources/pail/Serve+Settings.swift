import ArgumentParser
import Foundation
import PailServer

/// From flags, `PAIL_` variables and the configuration file to one `ServerConfiguration`
/// (docs/configuration.md). Every failure is a `ConfigurationError`, reported in one line.
extension Serve {
    /// The text of each flag given, by setting key (`Setting.all`). A new setting's flag is added here.
    var flagTexts: [String: String] {
        let texts: [String: String?] = [
            "address": address, "consoleAddress": consoleAddress, "data": directory ?? data, "region": region, "domain": domain,
            "durability": durability, "accessLog": accessLog ? "true" : nil,
            "accessLogFormat": accessLogFormat, "accessLogFile": accessLogFile,
            "readyFile": readyFile, "ephemeral": ephemeral ? "true" : nil, "awsDefaults": awsDefaults ? "true" : nil,
            "root.accessKey": accessKey, "root.secretKey": secretKey,
            "tls.address": tlsAddress, "tls.cert": tlsCert, "tls.key": tlsKey,
            "imds.address": imdsAddress, "imds.allowIMDSv1": imdsV1 ? "true" : nil,
            "faults": faults, "faultSeed": faultSeed, "allowFaultHeader": allowFaultHeader ? "true" : nil,
            "limits.workers": limits.workers, "limits.maxHeaderBytes": limits.maxHeaderBytes,
            "limits.maxHeaderCount": limits.maxHeaderCount, "limits.headerReadTimeout": limits.headerReadTimeout,
            "limits.idleTimeout": limits.idleTimeout, "limits.bodyReadTimeout": limits.bodyReadTimeout,
            "limits.writeTimeout": limits.writeTimeout, "limits.maxDrainBytes": limits.maxDrainBytes,
            "limits.gracePeriod": limits.gracePeriod, "limits.multipartExpiry": limits.multipartExpiry,
            "upstream.url": upstream, "upstream.accessKey": upstreamAccessKey, "upstream.secretKey": upstreamSecretKey,
            "upstream.sessionToken": upstreamSessionToken, "upstream.region": upstreamRegion,
            "upstream.addressing": upstreamAddressing, "upstream.caBundle": upstreamCaBundle,
            "upstream.bucketPrefix": upstreamBucketPrefix, "upstream.trailingChecksums": upstreamTrailers,
            "upstream.connectTimeout": upstreamConnectTimeout, "upstream.readTimeout": upstreamReadTimeout,
            "upstream.maxIdleConnections": upstreamMaxIdleConnections,
        ]
        return texts.compactMapValues { $0 }
    }

    /// Resolves the settings; with `--print-config`, prints them and stops there. Warns on standard
    /// error about `PAIL_` variables that name no setting (a typo would otherwise go unnoticed).
    func resolveConfiguration() throws -> (ServerConfiguration, ResolvedSettings) {
        let env = ProcessInfo.processInfo.environment
        for name in ResolvedSettings.unknownEnvironmentVariables(in: env) {
            Self.note("pail: warning: \(name) is not a setting and is ignored (see `pail serve --help`)")
        }
        let path = config ?? env["PAIL_CONFIG"]
        let file = try path.map { try ConfigurationFile.load(path: $0) }
        let resolved = try ResolvedSettings.resolve(flags: flagTexts, environment: env, file: file)
        let configuration = try resolved.serverConfiguration()
        if printConfig {
            print(try resolved.printableJSON())
            return (configuration, resolved)
        }
        if resolved["ephemeral"]?.bool == true, resolved.source(of: "data") != .default {
            throw ConfigurationError("--ephemeral makes its own data directory and removes it at exit; it does not take \(resolved.origin(of: "data"))")
        }
        if resolved["ephemeral"]?.bool != true {
            try DataDirectoryCheck.check(resolved["data"]?.string ?? configuration.dataDirectory.path, origin: resolved.origin(of: "data"))
        }
        return (configuration, resolved)
    }
}
