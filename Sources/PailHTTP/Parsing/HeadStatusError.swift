/// A request the server must refuse before the handler sees it: the status to answer with, then close.
struct HeadStatusError: Error, Equatable {
    let status: Int
    let reason: String

    static func badRequest(_ reason: String) -> HeadStatusError { HeadStatusError(status: 400, reason: reason) }
}
