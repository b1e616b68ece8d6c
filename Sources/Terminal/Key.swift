/// A key the interactive pick understands.
public enum Key: Sendable, Equatable {
    case up, down, enter, backspace, cancel
    case digit(Int)
}

/// Turns the bytes a terminal in raw mode sends into keys: the arrows in both their normal (`ESC [ A`) and
/// application (`ESC O A`) forms, `k`/`j`, digits, Enter (CR or LF), Backspace, and `q`, Escape, Ctrl-C or Ctrl-D
/// to cancel. Other bytes and escape sequences are dropped. An escape sequence split across reads is completed by
/// the next read.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    public mutating func decode(_ bytes: [UInt8]) -> [Key] {
        let input = pending + bytes
        pending = []
        var keys: [Key] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            index += 1
            switch byte {
            case 0x1B:
                guard index < input.count else {
                    // A lone Escape at the end of a read is the Escape key, unless the rest of a sequence follows:
                    // only a read that ends with it alone can be either, and a person pressing Escape sends it alone.
                    if input.count == 1 { keys.append(.cancel) } else { pending = [byte] }
                    continue
                }
                guard input[index] == UInt8(ascii: "[") || input[index] == UInt8(ascii: "O") else {
                    keys.append(.cancel)
                    continue
                }
                // CSI or SS3: parameters, then one final byte in 0x40...0x7E.
                var end = index + 1
                while end < input.count, !(0x40...0x7E).contains(input[end]) { end += 1 }
                guard end < input.count else {
                    pending = Array(input[(index - 1)...])
                    index = input.count
                    continue
                }
                switch input[end] {
                case UInt8(ascii: "A"): keys.append(.up)
                case UInt8(ascii: "B"): keys.append(.down)
                default: break
                }
                index = end + 1
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"): keys.append(.enter)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): keys.append(.digit(Int(byte - UInt8(ascii: "0"))))
            case UInt8(ascii: "k"): keys.append(.up)
            case UInt8(ascii: "j"): keys.append(.down)
            case 0x7F, 0x08: keys.append(.backspace)
            case UInt8(ascii: "q"), 0x03, 0x04: keys.append(.cancel)
            default: break
            }
        }
        return keys
    }
}
