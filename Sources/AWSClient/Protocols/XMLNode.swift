import CLibXML2
import Foundation

/// An XML element parsed by libxml2: its local name, child elements and text. Enough for AWS responses,
/// which carry no mixed content.
struct XMLNode: Sendable {
    var name: String
    var children: [XMLNode]
    var text: String

    /// The first child element named `name`.
    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// Every child element named `name`.
    func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The first element named `name` at any depth, this one included.
    func first(_ name: String) -> XMLNode? {
        if self.name == name { return self }
        for child in children {
            if let found = child.first(name) { return found }
        }
        return nil
    }

    /// Parses `data` without touching the network or expanding external entities.
    static func parse(_ data: Data) throws -> XMLNode {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = data.withUnsafeBytes { bytes -> xmlDocPtr? in
            guard let base = bytes.baseAddress else { return nil }
            return xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), "response.xml", nil,
                                 options)
        }
        guard let document else {
            throw AWSError(kind: .service, code: "MalformedResponse", message: "the response is not well-formed XML")
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            throw AWSError(kind: .service, code: "MalformedResponse", message: "the XML response has no root element")
        }
        return node(root)
    }

    private static func node(_ element: xmlNodePtr) -> XMLNode {
        var children: [XMLNode] = []
        var text = ""
        var current = element.pointee.children
        while let child = current {
            switch child.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(node(child))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = xmlNodeGetContent(child) {
                    text += String(cString: content)
                    ecs_medic_xml_free(content)
                }
            default:
                break
            }
            current = child.pointee.next
        }
        return XMLNode(name: String(cString: element.pointee.name), children: children, text: text)
    }
}
