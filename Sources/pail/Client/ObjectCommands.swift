import ArgumentParser
import Foundation
import PailClient
#if canImport(Glibc)
import Glibc
#endif

/// `pail rm s3://bucket/key [--recursive]`
struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete an object, or every object under a prefix.")
    @OptionGroup var options: ClientOptions
    @Argument(help: "s3://bucket/key") var path: String
    @Flag(help: "Delete every key under the prefix (batched DeleteObjects).") var recursive = false

    func run() throws {
        let p = try requireS3(path)
        let client = try options.makeClient()
        let recursive = self.recursive
        try runBlocking {
            if !recursive {
                try await client.delete(p.key, bucket: p.bucket)
                print("delete: \(p)")
                return
            }
            var keys: [String] = []
            for try await o in client.list(prefix: p.key, bucket: p.bucket) { keys.append(o.key) }
            let r = try await client.deleteMany(keys, bucket: p.bucket)
            for k in r.deleted { print("delete: s3://\(p.bucket)/\(k)") }
            for e in r.errors { FileHandle.standardError.write(Data("delete failed: s3://\(p.bucket)/\(e.key): \(e.code) \(e.message)\n".utf8)) }
            if !r.errors.isEmpty { throw ExitCode(1) }
        }
    }
}

/// `pail cat s3://bucket/key`: the object's bytes on standard output.
struct Cat: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cat", abstract: "Write an object to standard output.")
    @OptionGroup var options: ClientOptions
    @Argument(help: "s3://bucket/key") var path: String

    func run() throws {
        let p = try requireS3(path)
        let client = try options.makeClient()
        try runBlocking {
            for try await chunk in try await client.stream(p.key, bucket: p.bucket) {
                chunk.withUnsafeBytes { b in
                    var off = 0
                    while off < b.count {
                        let n = write(1, b.baseAddress! + off, b.count - off)
                        if n <= 0 { break }
                        off += n
                    }
                }
            }
        }
    }
}

/// `pail presign s3://bucket/key [--expires-in N]`
struct Presign: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "presign", abstract: "Print a presigned GET URL.")
    @OptionGroup var options: ClientOptions
    @Argument(help: "s3://bucket/key") var path: String
    @Option(name: .customLong("expires-in"), help: "Seconds the URL stays valid.") var expiresIn: Int = 3600

    func run() throws {
        let p = try requireS3(path)
        let client = try options.makeClient()
        let expires = expiresIn
        try runBlocking { print(try await client.presign(p.key, expires: expires, bucket: p.bucket)) }
    }
}

/// `pail stat s3://bucket/key`
struct Stat: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stat", abstract: "Show an object's size, ETag and metadata.")
    @OptionGroup var options: ClientOptions
    @Argument(help: "s3://bucket/key") var path: String

    func run() throws {
        let p = try requireS3(path)
        let client = try options.makeClient()
        try runBlocking {
            let i = try await client.head(p.key, bucket: p.bucket)
            print("Key:           \(p)")
            print("Size:          \(i.size)")
            print("ETag:          \(i.etag)")
            print("Last-Modified: \(formatDate(i.lastModified))")
            print("Content-Type:  \(i.contentType ?? "")")
            for (k, v) in i.metadata.sorted(by: { $0.key < $1.key }) { print("Metadata:      \(k)=\(v)") }
        }
    }
}
