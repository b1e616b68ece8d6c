/// The state of a pick from a list: which entry is selected and the number being typed. Pure: keys in, outcome
/// and lines out, so that it is tested without a terminal.
public struct PickMenu: Sendable, Equatable {
    /// One entry: its name and a line about it.
    public struct Item: Sendable, Equatable {
        public var label: String
        public var detail: String

        public init(_ label: String, detail: String) {
            self.label = label
            self.detail = detail
        }
    }

    /// What a key did.
    public enum Outcome: Sendable, Equatable {
        case pending
        case picked(Int)
        case cancelled
    }

    public let title: String
    public let items: [Item]
    public private(set) var selected = 0
    /// The digits typed so far; a number selects that entry (counting from 1), Enter picks it.
    public private(set) var typed = ""

    public init(title: String, items: [Item]) {
        precondition(!items.isEmpty, "a pick needs at least one entry")
        self.title = title
        self.items = items
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .up:
            typed = ""
            selected = (selected + items.count - 1) % items.count
        case .down:
            typed = ""
            selected = (selected + 1) % items.count
        case .digit(let digit):
            let number = Int(typed + String(digit)) ?? 0
            if (1...items.count).contains(number) {
                typed += String(digit)
                selected = number - 1
            } else if (1...items.count).contains(digit) {
                typed = String(digit)
                selected = digit - 1
            }
        case .backspace:
            typed = String(typed.dropLast())
            if let number = Int(typed) { selected = number - 1 }
        case .enter:
            return .picked(selected)
        case .cancel:
            return .cancelled
        }
        return .pending
    }

    /// The lines to draw: the title, at most `height` entries around the selected one (numbered from 1, the
    /// selected marked with `>` and, with colour, in reverse video), and how to pick. Each line is cut to `width`.
    public func render(width: Int, height: Int, color: Bool) -> [String] {
        let visible = max(1, min(height, items.count))
        let first = min(max(0, selected - visible / 2), items.count - visible)
        let numberWidth = String(items.count).count
        let labelWidth = items[first..<first + visible].map(\.label.count).max() ?? 0
        var lines = [cut(title, width)]
        for index in first..<first + visible {
            let item = items[index]
            let number = String(repeating: " ", count: numberWidth - String(index + 1).count) + String(index + 1)
            let label = item.label + String(repeating: " ", count: labelWidth - item.label.count)
            let marker = index == selected ? ">" : " "
            let line = cut("\(marker) \(number)  \(label)  \(item.detail)", width)
            lines.append(color && index == selected ? "\u{1B}[7m\(line)\u{1B}[0m" : line)
        }
        let more = visible < items.count ? " (\(first + 1)-\(first + visible) of \(items.count))" : ""
        lines.append(cut("up/down or a number, Enter to pick, q to cancel\(typed.isEmpty ? "" : ": \(typed)")\(more)", width))
        return lines
    }

    private func cut(_ line: String, _ width: Int) -> String {
        line.count <= width ? line : String(line.prefix(max(1, width - 1))) + "…"
    }
}
