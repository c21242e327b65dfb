import ArgumentParser

/// `pail serve`'s limits and timeouts (the `limits` section of the configuration file). Text, so
/// that flags, `PAIL_` variables and the file are read by one parser (`Setting.parse`).
struct ServeLimitOptions: ParsableArguments {
    @Option(help: "Worker threads serving requests at once (default: one per core, at least two).")
    var workers: String?

    @Option(help: "Largest request head in bytes; more gets 431 (default 65536).")
    var maxHeaderBytes: String?

    @Option(help: "Most header fields in one request; more gets 431 (default 200).")
    var maxHeaderCount: String?

    @Option(help: "Seconds a request head may take to arrive (default 30).")
    var headerReadTimeout: String?

    @Option(help: "Seconds a keep-alive connection may sit idle (default 60).")
    var idleTimeout: String?

    @Option(help: "Longest stall of a request-body read, in seconds (default 60).")
    var bodyReadTimeout: String?

    @Option(help: "Longest stall of a response write, in seconds (default 60).")
    var writeTimeout: String?

    @Option(help: "Unread body bytes drained to keep a connection open (default 1048576).")
    var maxDrainBytes: String?

    @Option(help: "Seconds in-flight requests get to finish on shutdown (default 10).")
    var gracePeriod: String?

    @Option(help: "Seconds after which unfinished multipart uploads are aborted (default 86400).")
    var multipartExpiry: String?
}
