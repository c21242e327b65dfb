import ArgumentParser
import Foundation
import PailClient

/// `pail mb s3://bucket`
struct MakeBucket: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mb", abstract: "Create a bucket.")
    @OptionGroup var options: ClientOptions
    @Argument(help: "s3://bucket") var path: String

    func run() throws {
        let p = try requireS3(path)
        let client = try options.makeClient()
        try runBlocking {
            try await client.createBucket(p.bucket)
            print("make_bucket: \(p.bucket)")
        }
    }
}

/// `pail rb s3://bucket [--force]`
struct RemoveBucket: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rb", abstract: "Delete a bucket (--force empties it first).")
    @OptionGroup var options: ClientOptions
    @Argument(help: "s3://bucket") var path: String
    @Flag(help: "Delete every object first.") var force = false

    func run() throws {
        let p = try requireS3(path)
        let client = try options.makeClient()
        let force = self.force
        try runBlocking {
            if force {
                var keys: [String] = []
                for try await o in client.list(bucket: p.bucket) { keys.append(o.key) }
                if !keys.isEmpty { _ = try await client.deleteMany(keys, bucket: p.bucket) }
            }
            try await client.deleteBucket(p.bucket)
            print("remove_bucket: \(p.bucket)")
        }
    }
}

/// `pail ls [s3://bucket[/prefix]] [--recursive]`
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List buckets, or objects under a prefix.")
    @OptionGroup var options: ClientOptions
    @Argument(help: "s3://bucket[/prefix]") var path: String?
    @Flag(help: "List every key under the prefix.") var recursive = false

    func run() throws {
        let client = try options.makeClient()
        let recursive = self.recursive
        guard let path else {
            try runBlocking {
                for b in try await client.listBuckets() { print("\(formatDate(b.creationDate)) \(b.name)") }
            }
            return
        }
        let p = try requireS3(path)
        try runBlocking {
            for try await page in client.listPages(prefix: p.key, delimiter: recursive ? nil : "/", bucket: p.bucket) {
                for prefix in page.commonPrefixes {
                    print("                           PRE \(recursive ? prefix : String(prefix.dropFirst(lastSlash(p.key))))")
                }
                for o in page.objects {
                    let name = recursive ? o.key : String(o.key.dropFirst(lastSlash(p.key)))
                    print("\(formatDate(o.lastModified)) \(String(o.size).leftPad(10)) \(name)")
                }
            }
        }
    }
}

/// Characters up to and including the last `/` of a prefix (the AWS CLI shows names relative to it).
func lastSlash(_ prefix: String) -> Int {
    guard let i = prefix.lastIndex(of: "/") else { return 0 }
    return prefix.distance(from: prefix.startIndex, to: i) + 1
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
