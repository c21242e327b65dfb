import ArgumentParser

/// `pail`: a local S3-compatible server and its tools.
struct PailCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pail",
        abstract: "A local S3-compatible object server.",
        version: Version.line,
        subcommands: [Serve.self, Version.self, Faults.self, ClockCommand.self, LifecycleCommand.self, Fsck.self, List.self,
                      Copy.self, Remove.self, MakeBucket.self, RemoveBucket.self, Cat.self, Presign.self, Stat.self,
                      SSESpeed.self],
        defaultSubcommand: Serve.self
    )
}
