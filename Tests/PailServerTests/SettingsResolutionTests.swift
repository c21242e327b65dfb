import Foundation
import Testing
@testable import PailServer

/// Settings resolution: precedence, reading flag and environment text, the configuration file's
/// checks and messages, and masking in `--print-config`.
@Suite struct SettingsResolutionTests {
    private func file(_ json: String, path: String = "pail.json") throws -> ConfigurationFile {
        try ConfigurationFile.parse(Array(json.utf8), path: path)
    }

    /// The message of the `ConfigurationError` `body` throws.
    private func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let e as ConfigurationError { return e.description } catch { return "not a ConfigurationError: \(error)" }
        return nil
    }

    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let f = try file(#"{"region": "from-file", "domain": "file.test"}"#)
        let env = ["PAIL_REGION": "from-env", "PAIL_DOMAIN": "env.test"]
        let r = try ResolvedSettings.resolve(flags: ["region": "from-flag"], environment: env, file: f)
        #expect(r["region"] == .string("from-flag"))
        #expect(r.source(of: "region") == .flag("--region"))
        #expect(r["domain"] == .string("env.test"))
        #expect(r.source(of: "domain") == .environment("PAIL_DOMAIN"))
        let fileOnly = try ResolvedSettings.resolve(flags: [:], environment: [:], file: f)
        #expect(fileOnly["region"] == .string("from-file"))
        #expect(fileOnly.source(of: "region") == .file("pail.json"))
        let none = try ResolvedSettings.resolve(flags: [:], environment: [:], file: nil)
        #expect(none["region"] == .string("us-east-1"))
        #expect(none.source(of: "region") == .default)
    }

    @Test func minioRootVariablesApplyAfterPailOnes() throws {
        let minio = ["MINIO_ROOT_USER": "muser", "MINIO_ROOT_PASSWORD": "mpass"]
        let r = try ResolvedSettings.resolve(flags: [:], environment: minio, file: nil).serverConfiguration()
        #expect(r.rootAccessKey == "muser")
        #expect(r.rootSecretKey == "mpass")
        let both = try ResolvedSettings.resolve(flags: [:], environment: minio.merging(["PAIL_ACCESS_KEY": "puser"]) { $1 },
                                                file: nil).serverConfiguration()
        #expect(both.rootAccessKey == "puser")
        #expect(both.rootSecretKey == "mpass")
    }

    @Test func environmentTextIsParsedByKind() throws {
        let env = ["PAIL_ACCESS_LOG": "yes", "PAIL_IDLE_TIMEOUT": "2.5", "PAIL_WORKERS": "3", "PAIL_TLS_ADDRESS": "[::1]:0",
                   "PAIL_IMDS_ADDRESS": "off", "PAIL_DURABILITY": "none"]
        let c = try ResolvedSettings.resolve(flags: [:], environment: env, file: nil).serverConfiguration()
        #expect(c.accessLog)
        #expect(c.http.idleTimeout == 2.5)
        #expect(c.http.workers == 3)
        #expect(c.tlsAddress == "[::1]:0")
        #expect(c.imdsAddress == nil)
        #expect(!c.durable)
    }

    @Test func badFlagAndEnvironmentValuesNameTheirOrigin() {
        #expect(message { _ = try ResolvedSettings.resolve(flags: ["durability": "fast"], environment: [:], file: nil) }
            == "--durability: must be 'durable' or 'none', got 'fast'")
        #expect(message { _ = try ResolvedSettings.resolve(flags: [:], environment: ["PAIL_IDLE_TIMEOUT": "soon"], file: nil) }
            == "PAIL_IDLE_TIMEOUT: expected a positive number of seconds, got 'soon'")
        #expect(message { _ = try ResolvedSettings.resolve(flags: ["address": "localhost"], environment: [:], file: nil) }
            == "--address: expected HOST:PORT (port 0-65535) or 'off', got 'localhost'")
        #expect(message { _ = try ResolvedSettings.resolve(flags: ["address": "127.0.0.1:70000"], environment: [:], file: nil) } != nil)
        #expect(message { _ = try ResolvedSettings.resolve(flags: [:], environment: ["PAIL_WORKERS": "0"], file: nil) }
            == "PAIL_WORKERS: expected a whole number from 1 to 1024, got '0'")
    }

    @Test func unknownPailVariablesAreReportedButOthersAreNot() {
        let env = ["PAIL_REGOIN": "x", "PAIL_REGION": "y", "PAIL_BIN": "/p", "PAIL_E2E_ONLY": "a", "MINIO_ROOT_USER": "m",
                   "PAIL_CONFIG": "c.json"]
        #expect(ResolvedSettings.unknownEnvironmentVariables(in: env) == ["PAIL_REGOIN"])
    }

    @Test func fileErrorsNameThePathInsideTheFile() {
        #expect(message { _ = try file(#"{"users": [{"accessKey": "a", "secretKey": "b"}, {"accessKey": "c", "secretKey": "d"}, {"accessKey": "e"}]}"#) }
            == "pail.json: $.users[2].secretKey: missing")
        #expect(message { _ = try file(#"{"limits": {"idleTimout": 5}}"#) }?.hasPrefix(#"pail.json: $.limits.idleTimout: unknown key "idleTimout""#) == true)
        #expect(message { _ = try file(#"{"users": [{"accessKey": "a", "secretKey": "b", "emial": "x"}]}"#) }?.hasPrefix("pail.json: $.users[0].emial: unknown key") == true)
        #expect(message { _ = try file(#"{"region": "a", "region": "b"}"#) } == "pail.json: $.region: listed twice")
        #expect(message { _ = try file(#"{"roles": [{"name": "r", "maxSessionSeconds": "long"}]}"#) }
            == "pail.json: $.roles[0].maxSessionSeconds: expected a whole number")
        #expect(message { _ = try file("[]") } == "pail.json: $: expected an object, got an array")
    }

    @Test func syntaxErrorsGiveLineAndColumn() {
        let text = "{\n  \"region\": \"x\",\n  \"data\" \"d\"\n}"
        #expect(message { _ = try file(text, path: "/etc/pail.json") } == "/etc/pail.json: JSON syntax error at line 3, column 10")
    }

    @Test func fileValuesOfTheWrongTypeOrShapeAreRefusedAtResolution() throws {
        let f = try file(#"{"region": 3, "durability": "fast"}"#)
        #expect(message { _ = try ResolvedSettings.resolve(flags: [:], environment: [:], file: f) }
            == "pail.json: $.region: expected a string, got the number 3")
        let g = try file(#"{"durability": "fast"}"#)
        #expect(message { _ = try ResolvedSettings.resolve(flags: [:], environment: [:], file: g) }
            == "pail.json: $.durability: must be 'durable' or 'none', got 'fast'")
        // A flag that overrides a bad file value does not hide that the file is wrong elsewhere, but the
        // overridden key itself is never read.
        #expect(try ResolvedSettings.resolve(flags: ["durability": "none"], environment: [:], file: g)["durability"] == .string("none"))
    }

    @Test func malformedPoliciesReuseThePolicyMessages() {
        let json = #"{"roles": [{"name": "r", "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:*", "Resource": "*"}]}]}]}"#
        #expect(message { _ = try file(json) } == "pail.json: $.roles[0].policies[0]: MalformedPolicy: Invalid effect: Alow")
    }

    @Test func badFaultRulesUseTheFaultPlanValidation() {
        let json = #"{"faults": {"rules": [{"match": {"opertions": ["GetObject"]}, "action": {"type": "error", "code": "SlowDown"}}]}}"#
        let m = message { _ = try file(json) }
        #expect(m?.hasPrefix("pail.json: $.faults.rules[0].match") == true)
        #expect(m?.contains("opertions") == true)
    }

    @Test func inlineFaultPlanAndSeedReachTheInjector() throws {
        let f = try file(#"{"faults": {"seed": 7, "rules": [{"id": "slow", "action": {"type": "error", "code": "SlowDown"}}]}}"#)
        let c = try ResolvedSettings.resolve(flags: [:], environment: [:], file: f).serverConfiguration()
        #expect(c.faults.rules.map(\.id) == ["slow"])
    }

    @Test func printedConfigurationMasksEverySecret() throws {
        let f = try file(#"{"users": [{"accessKey": "alice", "secretKey": "user-secret-1"}], "root": {"secretKey": "root-secret-2"},"#
            + #" "upstream": {"url": "http://127.0.0.1:1", "accessKey": "u", "secretKey": "up-secret-3", "sessionToken": "token-4"}}"#)
        let printed = try ResolvedSettings.resolve(flags: [:], environment: [:], file: f).printableJSON()
        for secret in ["user-secret-1", "root-secret-2", "up-secret-3", "token-4"] { #expect(!printed.contains(secret)) }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any])
        #expect((object["root"] as? [String: Any])?["secretKey"] as? String == ResolvedSettings.mask)
        #expect((object["users"] as? [[String: Any]])?.first?["accessKey"] as? String == "alice")
        #expect((object["_sources"] as? [String: String])?["root.secretKey"] == "file pail.json")
    }

    @Test func limitsAndUpstreamReachTheServerConfiguration() throws {
        let f = try file(#"{"limits": {"maxHeaderBytes": 8192, "gracePeriod": 3}, "upstream": {"url": "http://127.0.0.1:9", "accessKey": "a", "secretKey": "s"}}"#)
        let c = try ResolvedSettings.resolve(flags: ["upstream.readTimeout": "7"], environment: [:], file: f).serverConfiguration()
        #expect(c.http.maxHeaderBytes == 8192)
        #expect(c.gracePeriod == 3)
        #expect(c.upstream?.readTimeout == 7)
        #expect(c.upstream?.secretKey == "s")
    }

    @Test func dependentSettingsAreCheckedTogether() {
        #expect(message { _ = try ResolvedSettings.resolve(flags: ["upstream.region": "eu"], environment: [:], file: nil).serverConfiguration() }
            == "--upstream-region: the upstream settings need upstream.url (--upstream URL)")
        #expect(message { _ = try ResolvedSettings.resolve(flags: ["tls.cert": "c.pem"], environment: [:], file: nil).serverConfiguration() }?
            .hasPrefix("tls.cert and tls.key go together") == true)
    }

    @Test func todaysIdentityExampleStillLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let f = try ConfigurationFile.load(path: root.appendingPathComponent("data/identity-example.json").path)
        #expect(f.identity.users.map(\.accessKey) == ["alice", "bob"])
        #expect(f.identity.imds.credentialSeconds == 21600)
    }

    @Test func dataDirectoryThatIsAFileIsRefusedInOneLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pail-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("plain").path
        FileManager.default.createFile(atPath: plain, contents: Data())
        #expect(message { try DataDirectoryCheck.check(plain, origin: "--data") } == "--data \(plain): is a file, not a directory")
        #expect(message { try DataDirectoryCheck.check(plain + "/sub", origin: "PAIL_DATA") }
            == "PAIL_DATA \(plain)/sub: cannot be created, \(plain) is a file, not a directory")
        #expect(message { try DataDirectoryCheck.check(dir.appendingPathComponent("new/deeper").path, origin: "--data") } == nil)
    }
}
