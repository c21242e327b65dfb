import ArgumentParser

/// `pail`: a local S3-compatible server and its tools.
struct PailCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pail",
        abstract: "A local S3-compatible object server.",
        subcommands: [Serve.self, Faults.self, ClockCommand.self, LifecycleCommand.self, List.self, Copy.self, Remove.self, MakeBucket.self, RemoveBucket.self, Cat.self, Presign.self, Stat.self, Fsck.self],
        defaultSubcommand: Serve.self
    )
}
