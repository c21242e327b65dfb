/// An element of a parsed XML document: its local name, its direct text and its child elements.
public struct XMLNode: Sendable, Equatable {
    /// Local name, without any namespace prefix (`<s3:Key>` → `Key`).
    public var name: String
    /// The concatenated text and CDATA of the element's direct children, untrimmed (entities such as
    /// `&amp;` already replaced). Text inside child elements is not included.
    public var text: String
    /// Child elements in document order.
    public var children: [XMLNode]
    /// Attributes by local name (`xsi:type="Group"` → `type`); namespace declarations are not attributes.
    public var attributes: [String: String]

    public init(name: String, text: String = "", children: [XMLNode] = [], attributes: [String: String] = [:]) {
        self.name = name
        self.text = text
        self.children = children
        self.attributes = attributes
    }

    /// The first child element named `name` (local name, case-sensitive), or nil.
    public func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Every child element named `name`, in document order.
    public func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }
}
