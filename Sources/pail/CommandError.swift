/// A failure a command reports in one line (ArgumentParser prints `Error: ` and the description).
struct CommandError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
